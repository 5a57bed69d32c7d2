export * from './release';
export * from './interchange';
export * from './time';
export * from './workflow';
export * from './snippet';
