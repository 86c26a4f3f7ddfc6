export * from './database';
export * from './infrastructure';
export * from './service-under-test';
