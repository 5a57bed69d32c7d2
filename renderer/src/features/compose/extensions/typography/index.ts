export { Typography, typographicReplacement, type TypographyOptions } from './typography';
