export { directionOf, type TextDirection } from '../../../shared/domain/direction';
