export * from './correlation';
export * from './correlation.middleware';
export * from './logging';
export * from './metrics';
