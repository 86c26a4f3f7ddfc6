import { loadDatabaseLayout, parseDatabaseLayout, rolePassword, serviceDatabase } from './database-layout';
import { serviceConnectionUrl } from './connection-url';

describe('database layout', () => {
  it('gives every service of the platform its own schema and role', () => {
    const layout = loadDatabaseLayout();
    expect(layout.services.map((s) => s.service).sort()).toEqual(
      ['gateway', 'hub-registry', 'kpi-reporting', 'placements', 'training-catalogue', 'workforce-planning'],
    );
    expect(new Set(layout.services.map((s) => s.schema)).size).toBe(layout.services.length);
    expect(new Set(layout.services.map((s) => s.role)).size).toBe(layout.services.length);
  });

  it('rejects a layout in which two services share a schema', () => {
    const text = `database: th\nservices:\n  - {service: a, schema: s, role: a, passwordEnv: A_PW}\n  - {service: b, schema: s, role: b, passwordEnv: B_PW}\n`;
    expect(() => parseDatabaseLayout(text)).toThrow(/schema: s is used twice/);
  });

  it('rejects identifiers that are not safe SQL names', () => {
    const text = `database: th\nservices:\n  - {service: a, schema: "a; drop", role: a, passwordEnv: A_PW}\n`;
    expect(() => parseDatabaseLayout(text)).toThrow(/schema: must be a lower-case SQL identifier/);
  });

  it('defaults a password to the role name only outside production', () => {
    const entry = serviceDatabase(loadDatabaseLayout(), 'placements');
    expect(rolePassword(entry, {})).toBe('placements');
    expect(rolePassword(entry, { PLACEMENTS_DB_PASSWORD: 's3cret' })).toBe('s3cret');
    expect(() => rolePassword(entry, { NODE_ENV: 'production' })).toThrow(/PLACEMENTS_DB_PASSWORD must be set/);
  });

  it('builds a service URL from the admin URL, escaping the password', () => {
    expect(serviceConnectionUrl('postgres://postgres@127.0.0.1:5432/postgres', 'placements', 'p@ss/word', 'traininghubs')).toBe(
      'postgres://placements:p%40ss%2Fword@127.0.0.1:5432/traininghubs',
    );
  });
});
