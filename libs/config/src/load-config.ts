import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

/** Raised when the environment does not describe a runnable service. Names every bad variable. */
export class ConfigurationError extends Error {
  constructor(
    readonly serviceName: string,
    readonly problems: ReadonlyArray<{ variable: string; reasons: string[] }>,
  ) {
    super(
      `${serviceName}: invalid configuration\n` +
        problems.map((p) => `  - ${p.variable}: ${p.reasons.join('; ')}`).join('\n'),
    );
    this.name = 'ConfigurationError';
  }
}

/**
 * Reads a configuration class from environment variables. Property names are the variable
 * names; field initialisers are the defaults. Unknown variables are ignored.
 */
export function loadConfig<T extends object>(
  serviceName: string,
  schema: new () => T,
  env: NodeJS.ProcessEnv = process.env,
  /** Property read from a differently named variable, e.g. { PORT: 'GATEWAY_PORT' }. */
  aliases: Partial<Record<keyof T & string, string>> = {},
): T {
  const present: Record<string, string> = Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''),
  );
  for (const [property, variable] of Object.entries(aliases) as Array<[string, string]>) {
    delete present[property];
    if (present[variable] !== undefined) present[property] = present[variable];
  }
  const config = plainToInstance(schema, present, { enableImplicitConversion: true, exposeDefaultValues: true });
  const errors = validateSync(config, { forbidUnknownValues: true });
  if (errors.length > 0) {
    throw new ConfigurationError(serviceName, errors.map((e) => describe(e, (aliases as Record<string, string>)[e.property])));
  }
  return config;
}

function describe(error: ValidationError, variable = error.property): { variable: string; reasons: string[] } {
  const reasons = Object.values(error.constraints ?? { invalid: `${error.property} is invalid` });
  return { variable, reasons: reasons.map((r) => (r.startsWith(`${error.property} `) ? variable + r.slice(error.property.length) : r)) };
}
