/**
 * Configuration: the optional JSON file named by `DIALTONE_CONFIG`, with the environment overlaid on it (a variable
 * that is set wins over the file's key), validated once at start-up against one schema (`config-schema.ts`). A bad
 * value stops the start with a message that names the variable or the key. Nothing else reads `process.env`.
 */
import { readFileSync } from 'node:fs';
import type { z } from 'zod/mini';
import { API_NAMES, type ApiName } from '../shared/api-names.ts';
import { LOG_LEVELS } from '../shared/log-levels.ts';
export { isLoopback } from '../shared/loopback.ts';
import { isPostgresUrl } from '../shared/database-url.ts';
import { MAX_WORKERS, configSchema, fileSchema, type AccountConfig, type Config } from './config-schema.ts';

export {
  DEFAULT_ACCESS_KEY_ID,
  DEFAULT_ACCOUNT_ID,
  DEFAULT_SECRET_ACCESS_KEY,
  accountLimitsSchema,
  actionPatternSchema,
  carrierRulesSchema,
  type AccountConfig,
  type AccountLimits,
  type CarrierRules,
  type Config,
} from './config-schema.ts';

export class ConfigError extends Error {}

/** An environment variable and the configuration key it overrides. */
interface EnvVariable {
  name: string;
  path: readonly string[];
  /** The value to set, or `undefined` for "not set" (the file's key or the default stays). @throws ConfigError */
  parse(text: string): unknown;
}

/** Every environment variable of the configuration, with the key each one overrides: the one place the environment is read. */
const ENVIRONMENT: readonly EnvVariable[] = [
  { name: 'HOST', path: ['host'], parse: (text) => text },
  { name: 'PORT', path: ['port'], parse: parsePort },
  { name: 'DATA_DIR', path: ['dataDir'], parse: (text) => text },
  { name: 'DATABASE_URL', path: ['database', 'url'], parse: parseDatabaseUrl },
  { name: 'LOG_LEVEL', path: ['logging', 'level'], parse: parseLevel },
  { name: 'DIALTONE_DEFAULT_API', path: ['defaultApi'], parse: parseApiName },
  { name: 'DIALTONE_METRICS_TOKEN', path: ['metrics', 'token'], parse: (text) => (text === '' ? undefined : text) },
  { name: 'DIALTONE_MASTER_KEY', path: ['masterKey'], parse: (text) => (text === '' ? undefined : text.trim()) },
  { name: 'DIALTONE_ALLOW_DEFAULT_CREDENTIALS', path: ['allowDefaultCredentials'], parse: booleanOf('DIALTONE_ALLOW_DEFAULT_CREDENTIALS') },
  { name: 'DIALTONE_CLOCK_CONTROL', path: ['testing', 'clockControl'], parse: booleanOf('DIALTONE_CLOCK_CONTROL') },
  { name: 'DIALTONE_STATE_CONTROL', path: ['testing', 'stateControl'], parse: booleanOf('DIALTONE_STATE_CONTROL') },
  { name: 'DIALTONE_WORKERS', path: ['http', 'workers'], parse: parseWorkers },
];

/** @example loadConfig(process.env) */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const input: Record<string, unknown> = env.DIALTONE_CONFIG ? readConfigFile(env.DIALTONE_CONFIG) : {};
  const overridden = new Map<string, string>();
  for (const variable of ENVIRONMENT) {
    const text = env[variable.name];
    const value = text === undefined ? undefined : variable.parse(text);
    if (value === undefined) continue;
    setPath(input, variable.path, value);
    overridden.set(variable.path.join('.'), variable.name);
  }
  // Parsed once: zod's compiled fast path for objects (generated code, compiled by V8) costs more than it saves here.
  const parsed = configSchema.safeParse(input, { jitless: true });
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${overridden.get(issue.path.join('.')) ?? (issue.path.join('.') || '(root)')}: ${issue.message}`);
    throw new ConfigError(issues.join('\n'));
  }
  checkUniqueKeys(parsed.data.accounts);
  return parsed.data;
}

/** The file as written (validated, but without defaults: they are applied once, after the environment). */
function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`DIALTONE_CONFIG: cannot read ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`DIALTONE_CONFIG: ${path} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) throw new ConfigError(`DIALTONE_CONFIG: ${path} is invalid:\n  ${describe(parsed.error).join('\n  ')}`);
  return json as Record<string, unknown>;
}

function describe(error: z.core.$ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
}

/** Sets `value` at `path`, creating the objects on the way. */
function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    node = (node[key] = typeof next === 'object' && next !== null ? { ...next } : {}) as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = value;
}

function checkUniqueKeys(accounts: AccountConfig[]): void {
  const seenAccounts = new Set<string>();
  const seenKeys = new Set<string>();
  for (const account of accounts) {
    if (seenAccounts.has(account.accountId)) throw new ConfigError(`accounts: account ${account.accountId} is listed twice`);
    seenAccounts.add(account.accountId);
    for (const { accessKeyId } of account.credentials) {
      if (seenKeys.has(accessKeyId)) throw new ConfigError(`accounts: access key ${accessKeyId} is listed twice`);
      seenKeys.add(accessKeyId);
    }
  }
}

function parseApiName(text: string): ApiName | undefined {
  if (text === '') return undefined;
  const name = API_NAMES.find((n) => n === text);
  if (!name) throw new ConfigError(`DIALTONE_DEFAULT_API: '${text}' must be one of ${API_NAMES.join(', ')}`);
  return name;
}

function parseLevel(text: string): (typeof LOG_LEVELS)[number] | undefined {
  if (text === '') return undefined;
  const level = LOG_LEVELS.find((l) => l === text);
  if (!level) throw new ConfigError(`LOG_LEVEL: '${text}' must be one of ${LOG_LEVELS.join(', ')}`);
  return level;
}

/** `DATABASE_URL`: empty or blank means "not set" (SQLite unless the file names a database). */
function parseDatabaseUrl(text: string): string | undefined {
  if (text.trim() === '') return undefined;
  if (!isPostgresUrl(text)) {
    throw new ConfigError('DATABASE_URL: must be postgres://user:password@host:5432/database (unset it to use SQLite in DATA_DIR)');
  }
  return text.trim();
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new ConfigError(`PORT: '${text}' is not a port number (0-65535)`);
  return port;
}

/** `DIALTONE_WORKERS`: a whole number of processes; empty means "not set" (the file's key, else 1). */
function parseWorkers(text: string): number | undefined {
  if (text === '') return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > MAX_WORKERS) {
    throw new ConfigError(`DIALTONE_WORKERS: '${text}' must be a whole number of processes from 1 to ${MAX_WORKERS}`);
  }
  return Number(text);
}

/** `true`/`1` and `false`/`0`; empty means "not set". */
function booleanOf(name: string): (text: string) => boolean | undefined {
  return (text) => {
    if (text === '') return undefined;
    if (text === 'false' || text === '0') return false;
    if (text === 'true' || text === '1') return true;
    throw new ConfigError(`${name}: '${text}' must be true or false`);
  };
}

