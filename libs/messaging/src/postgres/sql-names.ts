import type { DataSourceOptions } from 'typeorm';

/** A double-quoted SQL identifier. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The schema a data source works in: its `schema` option, else `public`. */
export function schemaOf(source: { options: DataSourceOptions } | { connection: { options: DataSourceOptions } }): string {
  const options = 'connection' in source ? source.connection.options : source.options;
  return ('schema' in options && typeof options.schema === 'string' && options.schema) || 'public';
}

/** `"schema"."table"`. */
export function qualifiedTable(schema: string, table: string): string {
  return `${quoteIdentifier(schema)}.${quoteIdentifier(table)}`;
}
