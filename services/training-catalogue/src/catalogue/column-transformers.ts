import type { ValueTransformer } from 'typeorm';

/** bigint and numeric columns come back from Postgres as strings; the catalogue's amounts fit a number. */
export const numberColumn: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
