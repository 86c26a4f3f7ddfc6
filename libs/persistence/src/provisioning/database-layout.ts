import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { infraFile } from '@traininghubs/config';

export interface ServiceDatabase {
  service: string;
  schema: string;
  role: string;
  passwordEnv: string;
}

export interface DatabaseLayout {
  database: string;
  services: ServiceDatabase[];
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;


/** Reads and checks infra/postgres/databases.yaml (or another layout file). */
export function loadDatabaseLayout(file = infraFile('postgres/databases.yaml')): DatabaseLayout {
  return parseDatabaseLayout(readFileSync(file, 'utf8'), file);
}

export function parseDatabaseLayout(text: string, origin = 'database layout'): DatabaseLayout {
  const raw = parse(text) as Partial<DatabaseLayout> | null;
  const problems: string[] = [];
  if (!raw || typeof raw.database !== 'string' || !IDENTIFIER.test(raw.database)) {
    problems.push('database: must be a lower-case SQL identifier');
  }
  const services = Array.isArray(raw?.services) ? raw.services : [];
  if (services.length === 0) problems.push('services: at least one service is required');
  const seen = new Set<string>();
  services.forEach((s, i) => {
    for (const key of ['schema', 'role'] as const) {
      if (typeof s?.[key] !== 'string' || !IDENTIFIER.test(s[key])) {
        problems.push(`services[${i}].${key}: must be a lower-case SQL identifier`);
      } else if (seen.has(`${key}:${s[key]}`)) {
        problems.push(`services[${i}].${key}: ${s[key]} is used twice; every service owns its own`);
      } else {
        seen.add(`${key}:${s[key]}`);
      }
    }
    if (typeof s?.service !== 'string' || s.service.length === 0) problems.push(`services[${i}].service: required`);
    if (typeof s?.passwordEnv !== 'string' || !/^[A-Z][A-Z0-9_]*$/.test(s.passwordEnv)) {
      problems.push(`services[${i}].passwordEnv: must name an environment variable`);
    }
  });
  if (problems.length > 0) throw new Error(`${origin} is invalid:\n  - ${problems.join('\n  - ')}`);
  return raw as DatabaseLayout;
}

export function serviceDatabase(layout: DatabaseLayout, service: string): ServiceDatabase {
  const found = layout.services.find((s) => s.service === service);
  if (!found) throw new Error(`No database entry for service "${service}" in the database layout`);
  return found;
}

/** A role's password: from its variable; outside production it defaults to the role name. */
export function rolePassword(entry: ServiceDatabase, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[entry.passwordEnv];
  if (value) return value;
  if (env.NODE_ENV === 'production') {
    throw new Error(`${entry.passwordEnv} must be set in production (password of database role ${entry.role})`);
  }
  return entry.role;
}
