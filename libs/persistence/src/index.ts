export * from './data-source-options';
export * from './provisioning/connection-url';
export * from './provisioning/database-layout';
export * from './provisioning/provision';
export * from './audit/audit-event.entity';
export * from './audit/audit-trail';
