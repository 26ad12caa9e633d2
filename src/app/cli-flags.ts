/**
 * The flags that mirror environment variables (`--port` is `PORT`, …): a flag given wins over its variable. They are
 * applied as the environment `loadConfig` reads, so a flag means exactly what its variable means.
 */
import { ConfigError } from '../config/config.ts';

export const ENVIRONMENT_FLAGS = {
  port: 'PORT',
  host: 'HOST',
  'data-dir': 'DATA_DIR',
  config: 'DIALTONE_CONFIG',
  workers: 'DIALTONE_WORKERS',
} as const;

export type EnvironmentFlag = keyof typeof ENVIRONMENT_FLAGS;

/** `env` with the given flags' values in place of their variables. */
export function withFlags(env: NodeJS.ProcessEnv, values: Partial<Record<EnvironmentFlag, string>>): NodeJS.ProcessEnv {
  const result = { ...env };
  for (const [flag, variable] of Object.entries(ENVIRONMENT_FLAGS)) {
    const value = values[flag as EnvironmentFlag];
    if (value !== undefined) result[variable] = value;
  }
  return result;
}

/** A configuration error about a variable that a flag set names the flag instead (`--port: 'x' is not a port …`). */
export function nameFlags<T>(values: Partial<Record<EnvironmentFlag, string>>, load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    let message = error.message;
    for (const [flag, variable] of Object.entries(ENVIRONMENT_FLAGS)) {
      if (values[flag as EnvironmentFlag] !== undefined) message = message.replace(new RegExp(`^${variable}:`, 'gm'), `--${flag}:`);
    }
    throw new ConfigError(message);
  }
}
