/** Injection token of the catalogue's Clock (the system clock unless a test gives its own). */
export const CLOCK = Symbol('TRAINING_CATALOGUE_CLOCK');
