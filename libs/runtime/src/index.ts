export * from './errors/problem-details.filter';
export * from './health/readiness-registry';
export * from './run-service';
export * from './service-runtime.module';
export * from './pagination';
export * from '@traininghubs/csv';
export * from './service-name';
export * from './body';
