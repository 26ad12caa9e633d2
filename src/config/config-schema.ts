/**
 * The schema of dialtone's configuration: the JSON file named by `DIALTONE_CONFIG`, plus the keys that only the
 * environment sets (address, data directory, master key). `Config` is inferred from it; `config.ts` loads it.
 */
import { resolve } from 'node:path';
// A namespace import: the bundle keeps only the parts of zod used here (`import { z }` takes all of it, 750 KB).
import * as z from 'zod';
import { API_NAMES } from '../shared/api-names.ts';
import { LOG_LEVELS } from '../shared/log-levels.ts';
import { POSTGRES_URL } from '../shared/database-url.ts';

export const DEFAULT_ACCOUNT_ID = '000000000000';
export const DEFAULT_ACCESS_KEY_ID = 'test';
/** Most processes `dialtone serve --workers N` starts. */
export const MAX_WORKERS = 256;
export const DEFAULT_SECRET_ACCESS_KEY = 'test';

/** An IAM-style action pattern: `*`, `chime:*`, `chime:Get*`, `chime:CreatePhoneNumberOrder`. */
export const actionPatternSchema = z
  .string()
  .regex(/^(\*|[A-Za-z0-9-]+:[A-Za-z0-9*?]+)$/, "must be an action such as 'chime:CreatePhoneNumberOrder', 'chime:Get*', 'chime:*' or '*'");

const credentialSchema = z.strictObject({
  accessKeyId: z.string().regex(/^[A-Za-z0-9]{3,128}$/, 'must be 3-128 letters or digits'),
  secretAccessKey: z.string().min(1).max(256),
  /** A disabled key answers UnauthorizedClientException (401). */
  enabled: z.boolean().default(true),
  /** Actions the key may perform; absent = every action. */
  allow: z.array(actionPatternSchema).max(100).optional(),
  /** Actions the key may not perform; an explicit deny wins. */
  deny: z.array(actionPatternSchema).max(100).default([]),
});

const rateSchema = z.strictObject({
  /** Tokens added per second. */
  ratePerSecond: z.number().min(0.01).max(1_000_000),
  /** Bucket size: the most requests accepted at once after a quiet period. */
  burst: z.number().int().min(1).max(10_000_000),
});

/** Per-account overrides of the global limits (every key optional). */
export const accountLimitsSchema = z.strictObject({
  maxNumbersPerOrder: z.number().int().min(1).max(1000).optional(),
  maxPhoneNumbersPerAccount: z.number().int().min(0).max(100_000_000).optional(),
  maxProcessingOrdersPerAccount: z.number().int().min(0).max(1_000_000).optional(),
  maxVoiceConnectorsPerAccount: z.number().int().min(0).max(100_000).optional(),
  maxVoiceConnectorGroupsPerAccount: z.number().int().min(0).max(100_000).optional(),
  maxSipMediaApplicationsPerAccount: z.number().int().min(0).max(100_000).optional(),
  maxSipRulesPerAccount: z.number().int().min(0).max(100_000).optional(),
  reading: rateSchema.optional(),
  mutating: rateSchema.optional(),
});

const accountSchema = z.strictObject({
  accountId: z.string().regex(/^\d{12}$/, 'must be 12 digits'),
  /** A suspended account (false) answers ForbiddenException (403) to every request. */
  enabled: z.boolean().default(true),
  credentials: z.array(credentialSchema).default([]),
  limits: accountLimitsSchema.optional(),
});

/**
 * The simulated carrier's rules: the file's `carrier` key, and what `PUT /_dialtone/carrier` may set at run time (the
 * same checks for both).
 */
export const carrierRulesSchema = z.strictObject({
  /** Delay of each acquisition call, in milliseconds. */
  latencyMs: z.number().int().min(0).max(600_000).default(500),
  /** Numbers the carrier always refuses. */
  failNumbers: z.array(z.string().regex(/^\+[1-9]\d{1,14}$/, 'must be E.164 with +')).default([]),
  /** E.164 prefixes the carrier always refuses. */
  failPrefixes: z.array(z.string().regex(/^\+[1-9]\d{0,14}$/, 'must be + and digits')).default([]),
  /** Fraction (0..1) of the other numbers refused, chosen by a hash of `seed` and the number. */
  failRate: z.number().min(0).max(1).default(0),
  seed: z.string().min(1).max(200).default('dialtone'),
});

export type CarrierRules = z.output<typeof carrierRulesSchema>;

/** The configuration file named by `DIALTONE_CONFIG` (every key optional). */
export const fileSchema = z.strictObject({
  accounts: z.array(accountSchema).default([]),
  /** Whether account 000000000000 with key test/test exists (it always may be added to, never silently removed). */
  defaultAccount: z.boolean().default(true),
  /** SigV4 scope regions to accept; empty means any. */
  regions: z.array(z.string().regex(/^[a-z0-9-]{2,32}$/)).default([]),
  /**
   * The API that answers a request whose path prefix, host and User-Agent do not tell (boto3, the AWS CLI v1):
   * `both` (the union of the two models: neither kind of client breaks), `chime-sdk-voice` or `chime`.
   */
  defaultApi: z.enum(API_NAMES).default('both'),
  limits: z
    .strictObject({
      maxNumbersPerOrder: z.number().int().min(1).max(1000).default(100),
      maxBodyBytes: z.number().int().min(1024).max(16 * 1024 * 1024).default(1024 * 1024),
      /** Most items of one BatchUpdatePhoneNumber / BatchDeletePhoneNumber request. */
      maxPhoneNumbersPerBatch: z.number().int().min(1).max(1000).default(100),
      /** Quota: numbers an account may own plus have on order (orders in Processing). */
      maxPhoneNumbersPerAccount: z.number().int().min(0).max(100_000_000).default(10_000),
      /** Quota: orders an account may have in Processing at once. */
      maxProcessingOrdersPerAccount: z.number().int().min(0).max(1_000_000).default(100),
      /** JSON bodies nesting arrays/objects deeper than this are refused before parsing. */
      maxJsonDepth: z.number().int().min(2).max(1000).default(32),
      /** Quota: voice connectors an account may have (AWS sets its quotas outside the model; 3 is dialtone's default). */
      maxVoiceConnectorsPerAccount: z.number().int().min(0).max(100_000).default(3),
      /** Quota: voice connector groups an account may have (3 by default, as connectors). */
      maxVoiceConnectorGroupsPerAccount: z.number().int().min(0).max(100_000).default(3),
      /** Most voice connectors one group may list in `VoiceConnectorItems` (the model's documentation says 3). */
      maxVoiceConnectorsPerGroup: z.number().int().min(1).max(99).default(3),
      /** Quota: SIP media applications an account may have (AWS sets its quotas outside the model; 10 is dialtone's default). */
      maxSipMediaApplicationsPerAccount: z.number().int().min(0).max(100_000).default(10),
      /** Quota: SIP rules an account may have (one per number wired to an application, or per connector host name). */
      maxSipRulesPerAccount: z.number().int().min(0).max(100_000).default(100),
    })
    .prefault({}),
  throttling: z
    .strictObject({
      /** Token buckets per account: `reading` for GET/HEAD, `mutating` for the other methods. */
      enabled: z.boolean().default(true),
      reading: rateSchema.prefault({ ratePerSecond: 100, burst: 200 }),
      mutating: rateSchema.prefault({ ratePerSecond: 20, burst: 50 }),
      /** Failed authentications per client address; beyond them the address gets 429 before any key is looked up. */
      authFailures: rateSchema.prefault({ ratePerSecond: 10, burst: 100 }),
      /** Requests of one account answered at once; beyond, 429 (one account cannot hold every slot). */
      maxInFlightPerAccount: z.number().int().min(1).max(100_000).default(64),
    })
    .prefault({}),
  http: z
    .strictObject({
      /** Request line plus headers, in bytes; more answers 431. */
      maxHeaderBytes: z.number().int().min(1024).max(1024 * 1024).default(16 * 1024),
      /** Header lines; more answers 400. */
      maxHeaders: z.number().int().min(8).max(2000).default(100),
      /** Time a client has to send its headers (ms); then 408 and the connection is closed. */
      headersTimeoutMs: z.number().int().min(100).max(600_000).default(10_000),
      /** Time a client has to send its whole request (ms); then 408 and the connection is closed. */
      requestTimeoutMs: z.number().int().min(100).max(3_600_000).default(30_000),
      keepAliveTimeoutMs: z.number().int().min(100).max(600_000).default(5_000),
      /** Open connections in total; a request on a connection over the cap answers 503 and the connection closes. */
      maxConnections: z.number().int().min(1).max(1_000_000).default(10_000),
      /** Open connections from one client address, likewise. */
      maxConnectionsPerAddress: z.number().int().min(1).max(1_000_000).default(1_000),
      /** Requests answered at once; beyond, 503 with Retry-After before the body is read (overload is shed, not queued). */
      maxInFlight: z.number().int().min(1).max(1_000_000).default(1_024),
      /**
       * Requests arriving while the event loop runs more than this late (ms) answer 503 with Retry-After before their
       * body is read (health, readiness and metrics still answer); 0 never sheds for lag.
       */
      maxEventLoopLagMs: z.number().int().min(0).max(60_000).default(200),
      /**
       * Processes that serve the API on the same port and database (`dialtone serve --workers N`): a primary migrates
       * the database, starts them and restarts one that dies. 1 is a single process, as before.
       */
      workers: z.number().int().min(1).max(MAX_WORKERS).default(1),
    })
    .refine((http) => http.headersTimeoutMs <= http.requestTimeoutMs, {
      message: 'headersTimeoutMs must not exceed requestTimeoutMs',
    })
    .prefault({}),
  access: z
    .strictObject({
      /** How long a looked-up access key (and its account) is reused before the database is read again (ms). */
      cacheTtlMs: z.number().int().min(0).max(600_000).default(2_000),
    })
    .prefault({}),
  carrier: carrierRulesSchema.prefault({}),
  inventory: z
    .strictObject({
      /** E.164 prefixes the carrier sells from; absent means the whole numbering plan. */
      pool: z.array(z.string().regex(/^\+[1-9]\d{0,14}$/, 'must be + and digits')).min(1).optional(),
      /** Days a released number ages before it can be sold again. */
      agingDays: z.number().min(0).max(3650).default(30),
      /** Seed of the order in which search results appear (stable for a given seed). */
      searchSeed: z.string().min(1).max(200).default('dialtone'),
    })
    .prefault({}),
  logging: z
    .strictObject({
      level: z.enum(LOG_LEVELS).default('info'),
      /** Bytes of log lines kept while stdout's consumer is slower than the logs; further lines are dropped and counted. */
      bufferBytes: z.number().int().min(16_384).max(1_073_741_824).default(4_194_304),
      /** Buffered lines are written at least this often, ms (and whenever 4 KiB have gathered). */
      flushIntervalMs: z.number().int().min(10).max(3_600_000).default(200),
    })
    .prefault({}),
  metrics: z
    .strictObject({
      /**
       * `/_dialtone/metrics` needs `Authorization: Bearer <token>` when set (from any address); without it only
       * loopback clients may read the metrics.
       */
      token: z.string().min(16, 'must be at least 16 characters').max(256).optional(),
      /** The database-backed gauges (orders by status, pending jobs) are counted at most this often (ms). */
      refreshMs: z.number().int().min(0).max(3_600_000).default(5_000),
    })
    .prefault({}),
  /** Longest wait for requests in flight when stopping; then connections are cut. */
  shutdownTimeoutMs: z.number().int().min(0).max(600_000).default(10_000),
  phoneNumbers: z
    .strictObject({
      /** Days a deleted number stays in the deletion queue (restorable) before it is released to the carrier pool. */
      deletionQueueDays: z.number().min(0).max(365).default(7),
      /** How long a calling-name update stays UpdateInProgress before UpdateSucceeded (service clock), in ms. */
      callingNamePropagationMs: z.number().int().min(0).max(30 * 24 * 3_600_000).default(60_000),
      /** Real time between two inventory sweeps (deletion queue, calling names), in ms. */
      sweepIntervalMs: z.number().int().min(10).max(3_600_000).default(1_000),
    })
    .prefault({}),
  orders: z
    .strictObject({
      /**
       * Days a finished order (Successful, Partial, Failed) is kept after it finished; then it is deleted in the
       * background with its ordered numbers (owned numbers stay). 0 keeps every order forever.
       */
      retentionDays: z.number().min(0).max(36_500).default(90),
      /**
       * How long a CreatePhoneNumberOrder's `amz-sdk-invocation-id` answers retries of that call with the order it
       * created (ms); 0 ignores the header (every retry creates another order).
       */
      idempotencyWindowMs: z.number().int().min(0).max(7 * 24 * 3_600_000).default(600_000),
      /** Real time between two order sweeps (retention, expired invocation ids), in ms. */
      sweepIntervalMs: z.number().int().min(10).max(3_600_000).default(10_000),
    })
    .refine((orders) => orders.retentionDays === 0 || orders.retentionDays * 86_400_000 >= orders.idempotencyWindowMs, {
      message: 'retentionDays must keep orders at least as long as idempotencyWindowMs (a retry answers the order it created)',
    })
    .prefault({}),
  events: z
    .strictObject({
      /** The `region` of every event's envelope and of the ARNs in its `resources`. */
      region: z.string().regex(/^[a-z0-9-]{2,32}$/).default('us-east-1'),
      /** Days an event is kept for replay (the stream, webhook retries); older events are pruned in the background. */
      retentionDays: z.number().min(0.001).max(3_650).default(7),
      /** Real time between two prunes of the outbox, in ms. */
      pruneIntervalMs: z.number().int().min(10).max(3_600_000).default(60_000),
      /** The live stream (`GET /_dialtone/events` with `Accept: text/event-stream`). */
      stream: z
        .strictObject({
          /** A comment line is sent after this long without an event (ms), so that proxies and clients see it alive. */
          heartbeatMs: z.number().int().min(10).max(3_600_000).default(15_000),
          /** How often the events committed by other nodes sharing the database are looked for (ms). */
          pollIntervalMs: z.number().int().min(10).max(60_000).default(500),
          /** Streams open at once on this process (beyond: 503 ServiceUnavailableException). */
          maxStreams: z.number().int().min(0).max(100_000).default(1_000),
          /** Streams open at once per account on this process (beyond: 429 ThrottledClientException). */
          maxStreamsPerAccount: z.number().int().min(0).max(100_000).default(10),
        })
        .prefault({}),
    })
    .prefault({}),
  console: z
    .strictObject({
      /** Serves the web console at `/_dialtone/console/` (docs/console.md). */
      enabled: z.boolean().default(true),
      /** Answers the console to clients that are not on loopback (127.0.0.0/8, ::1); off by default. */
      allowRemote: z.boolean().default(false),
      /** Marks the session cookie `Secure` even when the request did not come over TLS here (a TLS proxy in front). */
      secureCookies: z.boolean().default(false),
      /** A session ends this long after sign-in, however active (minutes). */
      sessionMinutes: z.number().min(1).max(43_200).default(480),
      /** A session ends after this long without a request (minutes). */
      idleMinutes: z.number().min(1).max(43_200).default(60),
      /** The built console (index.html and assets/); absent: `console/` beside the dialtone bundle (dist/console). */
      assetsDir: z.string().min(1).optional(),
    })
    .prefault({}),
  webhooks: z
    .strictObject({
      /**
       * Where deliveries may go: CIDRs (`10.1.0.0/16`, `fd00::/8`) and host names (`hooks.example.com`, or
       * `*.example.com` for its subdomains). A target's host is resolved and every address must be inside a CIDR, unless
       * the host itself is named. Checked when a subscription is created and at each delivery (which connects to the
       * address that was checked).
       */
      allowedTargets: z.array(z.string().min(1).max(253)).max(1_000).default(['127.0.0.0/8', '::1']),
      /** Each delivery's request is cut after this long (ms), connecting included. */
      timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
      /** Subscriptions delivered at once by one process. */
      concurrency: z.number().int().min(1).max(1_000).default(16),
      /** Real time between two looks for deliveries made due by other nodes or by a retry's backoff (ms). */
      pollIntervalMs: z.number().int().min(10).max(60_000).default(1_000),
      /** How long a claim holds a subscription (ms; renewed at each cursor write); more than `timeoutMs`. */
      leaseMs: z.number().int().min(200).max(3_600_000).default(30_000),
      /** Events read at once per subscription, and delivered between two writes of its cursor (what a crash may send again). */
      batchSize: z.number().int().min(1).max(10_000).default(100),
      /** Most subscriptions per account. */
      maxSubscriptionsPerAccount: z.number().int().min(1).max(10_000).default(20),
      retry: z
        .strictObject({
          /** The first retry waits up to this long (ms); each failure doubles the ceiling; the wait is drawn below it. */
          initialMs: z.number().int().min(1).max(3_600_000).default(1_000),
          /** No retry waits longer (ms). */
          maxMs: z.number().int().min(1).max(86_400_000).default(3_600_000),
          /** Once a subscription has failed this long (ms), an event that fails is dead-lettered and it moves on (default 3 days). */
          periodMs: z.number().int().min(0).max(30 * 86_400_000).default(3 * 86_400_000),
        })
        .prefault({}),
      /** Subscriptions applied at start: created, or updated when one of that id (or of that account and url) exists. */
      subscriptions: z
        .array(
          z.strictObject({
            id: z.uuid().optional(),
            accountId: z.string().regex(/^\d{12}$/, 'must be 12 digits'),
            url: z.string().min(1).max(2_048),
            secret: z.string().min(16).max(256),
            types: z.array(z.string()).min(1).optional(),
          }),
        )
        .max(10_000)
        .default([]),
    })
    .refine((w) => w.leaseMs > w.timeoutMs, { message: 'leaseMs must exceed timeoutMs (a claim must outlast the request it waits for)' })
    .prefault({}),
  testing: z
    .strictObject({
      /** Offers POST /_dialtone/clock to move the service's clock forward. Never enable in production. */
      clockControl: z.boolean().default(false),
      /**
       * Offers POST /_dialtone/reset (wipe one account's resources, or everyone's) and GET/PUT/DELETE
       * /_dialtone/carrier (the simulated carrier's rules at run time). Never enable in production.
       */
      stateControl: z.boolean().default(false),
    })
    .prefault({}),
  database: z
    .strictObject({
      /** `postgres://user:password@host:5432/db`: state in PostgreSQL, shareable by several nodes. Absent: SQLite in DATA_DIR. */
      url: z.string().regex(POSTGRES_URL, 'must be a postgres:// URL').optional(),
      /** PostgreSQL: most connections of this process (at least 2: the sweep holds one for its cluster-wide lock). */
      poolSize: z.number().int().min(2).max(1000).default(10),
      /** PostgreSQL: each statement is cancelled after this long (ms); 0 means no limit. */
      statementTimeoutMs: z.number().int().min(0).max(3_600_000).default(5_000),
      /**
       * PostgreSQL: dialtone's own bound on waiting for the answer to a statement (ms), for a server that stops
       * answering (hung, stopped, a network that drops packets): the connection is closed and the request answered 503.
       * Absent: `statementTimeoutMs` + 5000 (10 s by default), or 30 s without a statement timeout; 0 waits forever.
       */
      queryTimeoutMs: z.number().int().min(0).max(3_600_000).optional(),
      /** PostgreSQL: longest wait for a connection, pooled or new (ms); then the request is answered 503. */
      connectTimeoutMs: z.number().int().min(100).max(600_000).default(10_000),
    })
    .refine((db) => db.queryTimeoutMs === undefined || db.queryTimeoutMs === 0 || db.statementTimeoutMs === 0 || db.queryTimeoutMs > db.statementTimeoutMs, {
      message: 'queryTimeoutMs must exceed statementTimeoutMs (the server cancels a slow statement first; this bound is for a server that does not answer)',
    })
    .transform(({ queryTimeoutMs, ...db }) => ({ ...db, queryTimeoutMs: queryTimeoutMs ?? defaultQueryTimeoutMs(db.statementTimeoutMs) }))
    .prefault({}),
  fulfilment: z
    .strictObject({
      leaseMs: z.number().int().min(100).max(3_600_000).default(15_000),
      batchSize: z.number().int().min(1).max(10_000).default(200),
      idleMs: z.number().int().min(1).max(60_000).default(250),
      maxInFlight: z.number().int().min(1).max(64).default(4),
    })
    .prefault({}),
});

/** The client-side bound on a statement when none is configured: the server's own timeout first, then this one. */
function defaultQueryTimeoutMs(statementTimeoutMs: number): number {
  return statementTimeoutMs === 0 ? 30_000 : statementTimeoutMs + 5_000;
}

/** The whole configuration before the accounts are completed: the file's keys and those only the environment sets. */
const settingsSchema = fileSchema.extend({
  /** `HOST`: the address to listen on. */
  host: z.string().default('127.0.0.1'),
  /** `PORT`: 0 picks a free port. */
  port: z.number().int().min(0).max(65535).default(8080),
  /** `DATA_DIR`: the state directory, made absolute. */
  dataDir: z.string().default('./data').transform((dir) => resolve(dir)),
  /** `DIALTONE_MASTER_KEY` (base64 of 32 bytes): encrypts stored secrets; absent → `DATA_DIR/master.key`. */
  masterKey: z
    .string()
    .refine((key) => Buffer.from(key, 'base64').length === 32 && Buffer.from(key, 'base64').toString('base64') === key, {
      message: 'must be the base64 encoding of exactly 32 bytes (e.g. `openssl rand -base64 32`)',
    })
    .optional(),
  /** `DIALTONE_ALLOW_DEFAULT_CREDENTIALS=true`: serve a non-loopback address with test/test anyway. */
  allowDefaultCredentials: z.boolean().default(false),
});

/**
 * The validated configuration: the default account merged into `accounts` (unless `defaultAccount` is false), and
 * whether the well-known test/test key is active (by default, or configured by hand).
 */
export const configSchema = settingsSchema.transform(({ defaultAccount, ...settings }) => {
  const accounts = mergeDefaultAccount(settings.accounts, defaultAccount);
  const defaultCredentialsActive = accounts.some(
    (a) => a.enabled && a.credentials.some((c) => c.enabled && c.accessKeyId === DEFAULT_ACCESS_KEY_ID && c.secretAccessKey === DEFAULT_SECRET_ACCESS_KEY),
  );
  return { ...settings, accounts, defaultCredentialsActive };
});

export type Config = z.output<typeof configSchema>;
export type AccountConfig = z.output<typeof accountSchema>;
export type AccountLimits = z.output<typeof accountLimitsSchema>;

function mergeDefaultAccount(accounts: AccountConfig[], defaultAccount: boolean): AccountConfig[] {
  if (!defaultAccount) return accounts;
  const defaultKey = { accessKeyId: DEFAULT_ACCESS_KEY_ID, secretAccessKey: DEFAULT_SECRET_ACCESS_KEY, enabled: true, deny: [] };
  const existing = accounts.find((a) => a.accountId === DEFAULT_ACCOUNT_ID);
  if (existing) {
    return accounts.map((a) => (a === existing ? { ...a, credentials: [defaultKey, ...a.credentials] } : a));
  }
  return [{ accountId: DEFAULT_ACCOUNT_ID, enabled: true, credentials: [defaultKey] }, ...accounts];
}
