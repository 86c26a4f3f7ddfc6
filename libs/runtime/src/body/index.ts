export * from './json-depth';
export * from './body-limits';
export * from './body-problems';
export * from './body-guard';
export * from './raw-body';
export * from './body-parsing';
