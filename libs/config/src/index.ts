export * from './load-config';
export * from './service-environment';
export * from './infra-file';
