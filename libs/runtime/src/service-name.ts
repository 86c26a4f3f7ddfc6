/** Injection token of the service's name (e.g. `placements`), as the runtime was started with. */
export const SERVICE_NAME = Symbol('SERVICE_NAME');
