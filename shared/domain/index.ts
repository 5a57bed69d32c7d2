export * from './release';
export * from './interchange';
export * from './time';
export * from './asset';
export * from './credit';
export * from './workflow';
export * from './snippet';
export * from './publicity';
