/** The `dialtone` command line: `serve` (default), `status`, `backup`, `seed`, `export`, `import`, `reset`, `accounts …`, `keys …` and `webhooks …`. */
// First: holds the young generation's size and V8's optimizing compiler while the modules evaluate and the server starts (start-holds.ts).
import './app/hold-at-start.ts';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config, DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCOUNT_ID, DEFAULT_SECRET_ACCESS_KEY } from './config/config.ts';
import type { ProductType } from './domain/orders/order.ts';
import { checkListenAddress, dialtoneVersion, startApp } from './main.ts';
import { aggregateWorkerMetrics } from './app/cluster-metrics.ts';
import { WORKER_INDEX_ENV, WORKER_PORT_ENV, WorkerStartError, isServeWorker, superviseWorkers } from './app/supervisor.ts';
import { createLogger } from './observability/logger.ts';
import { BackupError, backupCommand } from './app/backup-command.ts';
import { progressBar } from './app/progress-bar.ts';
import { ExportError, exportCommand, OutputClosedError } from './app/export-command.ts';
import { ExportFormatError, ImportError, describeImport, importCommand } from './app/import-command.ts';
import { ResetError, resetCommand } from './app/reset-command.ts';
import { nameFlags, withFlags, type EnvironmentFlag } from './app/cli-flags.ts';
import { statusCommand, statusUrl } from './app/status-command.ts';
import { LOG_LEVELS } from './shared/log-levels.ts';
import { API_NAMES } from './shared/api-names.ts';
import { seed } from './seed.ts';
import { releaseStartHolds } from './app/start-holds.ts';
import { capYoungGeneration } from './app/young-generation-cap.ts';
import { storageOptions } from './app/storage-options.ts';
import { describeStorage, openStorage } from './storage/open-storage.ts';
import { systemClock } from './domain/shared/clock.ts';
import { cryptoIds } from './domain/shared/ids.ts';
import { CommandError, accountsCommand, keysCommand } from './tenancy/access-commands.ts';
import { webhooksCommand } from './app/webhooks-command.ts';
import { MasterKeyError, SecretBox, loadMasterKey } from './tenancy/secret-box.ts';

const HELP = `dialtone — a self-hostable phone-number ordering service that speaks the Amazon Chime API

Usage:
  dialtone [serve] [--port N] [--host ADDRESS] [--data-dir DIR] [--config FILE] [--workers N]
                                         start the API server (the default command); --workers N
                                         serves it from N processes on the same port and database
  dialtone status [--url URL] [--json]   is a server up: its version, database and pending work (exit 1 if none
                                         answers); asks --url, else http://HOST:PORT
  dialtone backup FILE                   copy DATA_DIR's SQLite database to FILE, safely while the server serves
                                         (PostgreSQL: use pg_dump)
  dialtone seed [options]                load owned numbers or orders into DATA_DIR's database
  dialtone export [--account ID] [--output FILE]
                                         an account's orders, numbers, settings, voice connectors, groups, SIP
                                         media applications, rules and associations as JSON (stdout by default;
                                         default account 000000000000), safely while the server serves
  dialtone import FILE|-                 load such a file into an account that holds nothing, in one transaction
                                         (refused whole on any conflict); orders still Processing are fulfilled
  dialtone reset [--account ACCOUNT_ID] [--yes]
                                         remove every order, number, voice connector, SIP application and rule of
                                         one account or of all (accounts and keys stay); asks to confirm on a
                                         terminal, needs --yes otherwise
  dialtone accounts create [ACCOUNT_ID] [--limit NAME=VALUE ...]
                                         add an account (a random 12-digit id when none is given)
  dialtone accounts list | suspend ACCOUNT_ID | resume ACCOUNT_ID
  dialtone keys create --account ACCOUNT_ID [--allow ACTIONS] [--deny ACTIONS]
                                         add an access key; prints its secret once
  dialtone keys list [--account ACCOUNT_ID]
  dialtone keys disable KEY | enable KEY | delete KEY
  dialtone keys rotate KEY [--grace SECONDS]
                                         new secret for the same key id; the old one works for SECONDS more (default 0)
  dialtone webhooks list --account ACCOUNT_ID
  dialtone webhooks create --account ACCOUNT_ID --url URL [--types TYPE,TYPE] [--secret SECRET]
                                         subscribe a URL to the account's events; prints the secret once
  dialtone webhooks delete ID --account ACCOUNT_ID | dead-letters ID --account ACCOUNT_ID
  dialtone --version                     print dialtone's version
  dialtone --help                        show this help

Every command takes --port, --host, --data-dir, --config and --workers: each stands for its environment variable
below (PORT, HOST, DATA_DIR, DIALTONE_CONFIG, DIALTONE_WORKERS) and wins over it.

Accounts and keys made with these commands live in DATA_DIR's database (secrets encrypted with DIALTONE_MASTER_KEY
or DATA_DIR/master.key); a running server picks changes up within access.cacheTtlMs (2 s). Those of the
configuration file are read-only here. Add --json for machine-readable output.
  --limit NAME=VALUE   maxPhoneNumbersPerAccount=N, maxProcessingOrdersPerAccount=N, maxNumbersPerOrder=N,
                       reading=RATE/BURST, mutating=RATE/BURST (requests per second / bucket size)
  --allow, --deny      comma-separated actions: chime:CreatePhoneNumberOrder, chime:Get*, chime:*, *

Options of seed:
  --numbers N          owned numbers to add (Unassigned, US local, straight into the database)
  --orders N           orders to add (Processing, fulfilled by the worker once the server runs)
  --per-order K        numbers per seeded order (default 50)
  --account ID         the owning account (default 000000000000)
  --product-type TYPE  BusinessCalling | VoiceConnector | SipMediaApplicationDialIn (default VoiceConnector)
  --on-voice-connector N  of the numbers added, put N on a new voice connector (Assigned)

Environment:
  HOST (--host)                       address to listen on (default 127.0.0.1)
  PORT (--port)                       port to listen on (default 8080; 0 picks a free port)
  DATA_DIR (--data-dir)               state directory (default ./data)
  DATABASE_URL                        postgres://user:password@host:5432/db: keep the state in PostgreSQL
                                      instead (several nodes may share it); overrides database.url
  DIALTONE_CONFIG (--config)          JSON file: accounts, credentials, regions, limits, carrier,
                                      inventory, fulfilment, logging, testing (see README)
  DIALTONE_WORKERS (--workers)        processes serving the API on one port and database (default 1;
                                      http.workers in the file)
  LOG_LEVEL                           ${LOG_LEVELS.join(' | ')} (default info)
  DIALTONE_DEFAULT_API                ${API_NAMES.join(' | ')}: the API for a request that does not say
                                      (no /chime-sdk-voice or /chime prefix, host, or JS/CLI v2 agent; default both)
  DIALTONE_ALLOW_DEFAULT_CREDENTIALS  true to serve a non-loopback address with the test/test key
  DIALTONE_CLOCK_CONTROL              true to enable POST /_dialtone/clock (test mode only)
  DIALTONE_STATE_CONTROL              true to enable POST /_dialtone/reset and GET/PUT/DELETE /_dialtone/carrier
                                      (test mode only: unauthenticated, like the clock)
  DIALTONE_METRICS_TOKEN              bearer token /_dialtone/metrics requires (default: loopback clients only)
  DIALTONE_MASTER_KEY                 base64 of 32 bytes that encrypts stored secrets (default: DATA_DIR/master.key)
`;

const PRODUCT_TYPES = ['BusinessCalling', 'VoiceConnector', 'SipMediaApplicationDialIn'];
/** How long `dialtone status` waits for an answer. */
const STATUS_TIMEOUT_MS = 5_000;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      config: { type: 'string' },
      workers: { type: 'string' },
      url: { type: 'string' },
      numbers: { type: 'string' },
      orders: { type: 'string' },
      'per-order': { type: 'string' },
      account: { type: 'string' },
      'product-type': { type: 'string' },
      'on-voice-connector': { type: 'string' },
      json: { type: 'boolean' },
      limit: { type: 'string', multiple: true },
      allow: { type: 'string' },
      deny: { type: 'string' },
      grace: { type: 'string' },
      output: { type: 'string' },
      yes: { type: 'boolean', short: 'y' },
      types: { type: 'string' },
      secret: { type: 'string' },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (values.version) {
    process.stdout.write(`${dialtoneVersion()}\n`);
    return 0;
  }
  const flags: Partial<Record<EnvironmentFlag, string>> = {
    port: values.port,
    host: values.host,
    'data-dir': values['data-dir'],
    config: values.config,
    workers: values.workers,
  };
  const env = withFlags(process.env, flags);
  const configure = () => nameFlags(flags, () => loadConfig(env));
  const command = positionals[0] ?? 'serve';
  if (command !== 'serve') releaseStartHolds();
  if (command === 'seed') return runSeed(values, configure);
  if (command === 'accounts' || command === 'keys') return runAccess(command, positionals.slice(1), values, configure);
  if (command === 'webhooks') {
    const [action = 'list', ...rest] = positionals.slice(1);
    const input = { action, positionals: rest, account: values.account, url: values.url, types: values.types, secret: values.secret, version: dialtoneVersion() };
    const result = await webhooksCommand(configure(), input);
    process.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : humanReadable(result));
    if (!values.json && action === 'create') process.stderr.write('dialtone: the webhook secret is shown only now; store it safely.\n');
    return 0;
  }
  if (command === 'status') return runStatus(statusUrl(values.url, env), env.DIALTONE_METRICS_TOKEN, values.json === true);
  if (command === 'reset') {
    const options = { account: values.account, yes: values.yes === true, json: values.json === true };
    process.stdout.write(await resetCommand(configure(), options, { interactive: process.stdin.isTTY === true, ask }));
    return 0;
  }
  if (command === 'export') {
    const outcome = await exportCommand(configure(), { accountId: values.account ?? DEFAULT_ACCOUNT_ID, output: values.output });
    process.stderr.write(outcome.stderr);
    return 0;
  }
  if (command === 'import') {
    const bar = progressBar();
    let shown = false;
    const summary = await importCommand(configure(), positionals[1], process.stdin, (label, done, total) => {
      shown = true;
      bar(label, done, total);
    });
    if (shown && process.stderr.isTTY) process.stderr.write('\n');
    process.stdout.write(describeImport(summary));
    return 0;
  }
  if (command === 'backup') {
    process.stdout.write(await backupCommand(configure(), positionals[1]));
    return 0;
  }
  if (command !== 'serve') {
    process.stderr.write(`dialtone: unknown command '${command}'\n\n${HELP}`);
    return 2;
  }
  if (isServeWorker()) {
    // A worker of `serve --workers N`: the port the primary names (the one picked when PORT=0), no banner.
    flags.port = process.env[WORKER_PORT_ENV] ?? flags.port;
    return serveWorker(nameFlags(flags, () => loadConfig(withFlags(process.env, flags))));
  }
  const config = configure();
  if (config.http.workers > 1) return servePrimary(config);
  const app = await startApp({ config });
  releaseStartHolds();
  // Handlers first: a supervisor may signal as soon as it reads the banner.
  stopOnSignals(config, () => app.close());
  process.stdout.write(banner(config, app.url));
  // After the banner: its first reading of the heap's spaces costs about a millisecond.
  setImmediate(capYoungGeneration);
  return -1;
}

/** SIGTERM and SIGINT stop gracefully through `close`, bounded: a stop that hangs past the drain time and a margin exits 1. */
function stopOnSignals(config: Config, close: () => Promise<number | void>): void {
  const stop = (): void => {
    setTimeout(() => process.exit(1), config.shutdownTimeoutMs + 5_000).unref();
    close().then(
      (code) => process.exit(code ?? 0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

/** One worker of `serve --workers N`: the whole server, its log lines marked with its slot. */
async function serveWorker(config: Config): Promise<number> {
  const logger = createLogger({ level: config.logging.level, fields: { worker: Number(process.env[WORKER_INDEX_ENV] ?? 0), pid: process.pid } });
  const app = await startApp({ config, logger });
  releaseStartHolds();
  stopOnSignals(config, () => app.close());
  setImmediate(capYoungGeneration);
  return -1;
}

/**
 * The primary of `serve --workers N`: migrates the database once, starts the workers, prints the banner once they all
 * listen, restarts a worker that dies, and stops them all on SIGTERM or SIGINT.
 */
async function servePrimary(config: Config): Promise<number> {
  checkListenAddress(config);
  const storage = await openStorage(storageOptions(config));
  await storage.close();
  const logger = createLogger({ level: config.logging.level, fields: { role: 'primary', pid: process.pid } });
  aggregateWorkerMetrics();
  const supervision = await superviseWorkers({
    workers: config.http.workers,
    port: config.port,
    logger,
    // The workers' own bound (drain time and a margin), and a little more.
    stopTimeoutMs: config.shutdownTimeoutMs + 7_000,
  });
  releaseStartHolds();
  stopOnSignals({ ...config, shutdownTimeoutMs: config.shutdownTimeoutMs + 10_000 }, () => supervision.stop());
  process.stdout.write(banner(config, supervision.url, `  workers: ${config.http.workers} processes (pids ${supervision.pids().join(', ')})`));
  return -1;
}

/** What `serve` prints once it listens: the URL (tests and `npm start` read it), the keys, where the data is. */
function banner(config: Config, url: string, ...extra: string[]): string {
  const lines = [`dialtone: serving the Amazon Chime API at ${url}`];
  for (const account of config.accounts) {
    for (const key of account.credentials) {
      // Only the well-known test/test pair is shown; a real secret configured under the default id is masked too.
      const wellKnown = key.accessKeyId === DEFAULT_ACCESS_KEY_ID && key.secretAccessKey === DEFAULT_SECRET_ACCESS_KEY;
      const secret = account.accountId === DEFAULT_ACCOUNT_ID && wellKnown ? key.secretAccessKey : '********';
      lines.push(`  account ${account.accountId}: access key ${key.accessKeyId} / secret ${secret}`);
    }
  }
  lines.push(`  data: ${describeStorage({ databaseUrl: config.database.url, dataDir: config.dataDir })}`, ...extra, `  health: ${url}/_dialtone/health`);
  if (config.console.enabled) lines.push(`  console: ${url}/_dialtone/console/${config.console.allowRemote ? '' : ' (loopback only)'}`);
  return `${lines.join('\n')}\n`;
}

/** Asks on the terminal (the question on stderr, so that stdout stays the command's output). */
async function ask(question: string): Promise<string> {
  // Loaded here, not with the other modules: only `reset` on a terminal asks, and a server's start need not load it.
  const { createInterface } = await import('node:readline/promises');
  const terminal = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await terminal.question(question);
  } finally {
    terminal.close();
  }
}

async function runStatus(url: string, token: string | undefined, json: boolean): Promise<number> {
  const outcome = await statusCommand({ url, token, json, timeoutMs: STATUS_TIMEOUT_MS });
  process.stdout.write(outcome.stdout);
  process.stderr.write(outcome.stderr);
  return outcome.code;
}

async function runSeed(values: Record<string, string | string[] | boolean | undefined>, configure: () => Config): Promise<number> {
  const count = (name: string, fallback: number): number => {
    const text = values[name];
    if (text === undefined) return fallback;
    if (typeof text !== 'string' || !/^\d+$/.test(text)) throw new ConfigError(`--${name}: '${String(text)}' is not a whole number`);
    return Number(text);
  };
  const accountId = (values.account as string | undefined) ?? DEFAULT_ACCOUNT_ID;
  if (!/^\d{12}$/.test(accountId)) throw new ConfigError(`--account: '${accountId}' must be 12 digits`);
  const productType = (values['product-type'] as string | undefined) ?? 'VoiceConnector';
  if (!PRODUCT_TYPES.includes(productType)) throw new ConfigError(`--product-type: must be one of ${PRODUCT_TYPES.join(', ')}`);
  const numbers = count('numbers', 0);
  const orders = count('orders', 0);
  const perOrder = count('per-order', 50);
  const onVoiceConnector = count('on-voice-connector', 0);
  if (onVoiceConnector > numbers) throw new ConfigError('--on-voice-connector: cannot exceed --numbers');
  if (onVoiceConnector > 0 && productType !== 'VoiceConnector') throw new ConfigError('--on-voice-connector: needs --product-type VoiceConnector');
  if (numbers === 0 && orders === 0) throw new ConfigError('seed: give --numbers N and/or --orders N');
  if (perOrder < 1 || perOrder > 1000) throw new ConfigError('--per-order: must be between 1 and 1000');
  const config = configure();
  const started = Date.now();
  const result = await seed(config, { accountId, productType: productType as ProductType, numbers, onVoiceConnector, orders, perOrder, progress: progressBar() });
  process.stderr.write('\n');
  process.stdout.write(
    `dialtone: seeded ${result.numbers} numbers and ${result.orders} orders for account ${accountId} in ${((Date.now() - started) / 1000).toFixed(1)} s\n` +
      (result.voiceConnectorId === undefined ? '' : `dialtone: ${onVoiceConnector} of them on voice connector ${result.voiceConnectorId}\n`),
  );
  return 0;
}

async function runAccess(
  command: 'accounts' | 'keys',
  args: string[],
  values: { json?: boolean; limit?: string[]; account?: string; allow?: string; deny?: string; grace?: string },
  configure: () => Config,
): Promise<number> {
  const config = configure();
  const storage = await openStorage(storageOptions(config));
  try {
    const box = new SecretBox(() => loadMasterKey({ envKey: config.masterKey, dataDir: config.dataDir, random: cryptoIds.bytes }), cryptoIds.bytes);
    const context = { access: storage.access, configAccounts: config.accounts, box, clock: systemClock, ids: cryptoIds };
    const input = { positionals: args.slice(1), limit: values.limit, account: values.account, allow: values.allow, deny: values.deny, grace: values.grace };
    const action = args[0] ?? 'list';
    const result = command === 'accounts' ? await accountsCommand(action, input, context) : await keysCommand(action, input, context);
    process.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : humanReadable(result));
    if (!values.json && command === 'keys' && !Array.isArray(result) && typeof result.secretAccessKey === 'string') {
      process.stderr.write('dialtone: the secret access key is shown only now; store it safely.\n');
    }
    return 0;
  } finally {
    await storage.close();
  }
}

/** Objects as `name: value` lines; lists as aligned columns. */
function humanReadable(result: Record<string, unknown> | Record<string, unknown>[]): string {
  const text = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value) ?? '');
  if (!Array.isArray(result)) return Object.entries(result).map(([name, value]) => `${name}: ${text(value)}\n`).join('');
  if (result.length === 0) return '(none)\n';
  const columns = [...new Set(result.flatMap((row) => Object.keys(row)))];
  const widths = columns.map((c) => Math.max(c.length, ...result.map((row) => text(row[c]).length)));
  const line = (cells: string[]) => `${cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()}\n`;
  return line(columns) + result.map((row) => line(columns.map((c) => text(row[c])))).join('');
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof OutputClosedError) {
      process.exitCode = error.exitCode;
      return;
    }
    process.stderr.write(`dialtone: ${describeStartError(error)}\n`);
    process.exitCode = 1;
    // A worker's channel to the primary would keep it alive; the primary learns of the failure from the exit.
    if (isServeWorker()) process.exit(1);
  },
);

function describeStartError(error: unknown): string {
  if (error instanceof ConfigError || error instanceof CommandError || error instanceof MasterKeyError || error instanceof BackupError || error instanceof ResetError) return error.message;
  if (error instanceof ExportError || error instanceof ExportFormatError || error instanceof ImportError || error instanceof WorkerStartError) return error.message;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
    return `cannot listen: ${(error as Error).message} (set HOST and PORT, or --host and --port)`;
  }
  if (error instanceof TypeError && (error as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return error.message;
  return (error as Error).stack ?? String(error);
}
