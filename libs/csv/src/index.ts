export * from './csv-reader';
export * from './csv-writer';
