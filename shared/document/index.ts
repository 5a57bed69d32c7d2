export * from './types';
export * from './links';
export * from './validate';
export * from './text';
export * from './typography';
export * from './comments';
