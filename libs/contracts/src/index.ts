// @traininghubs/contracts: the payloads of the platform's Kafka events, generated from proto/
// (run `npm run contracts:generate`), and the catalogue that ties each CloudEvents type to its
// topic and payload. See docs/events/README.md for the conventions and docs/events/asyncapi.yaml
// for every topic, event and field.
export * from './gen';
export * from './catalogue';
export * from './codec';
export * from './headers';
export * from './local-date';
