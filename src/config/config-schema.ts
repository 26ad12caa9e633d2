/**
 * The schema of dialtone's configuration: the JSON file named by `DIALTONE_CONFIG`, plus the keys that only the
 * environment sets (address, data directory, master key). `Config` is inferred from it; `config.ts` loads it. Each
 * part of the file has its module in schema/, on zod/mini (schema/fields.ts).
 */
import * as z from 'zod/mini';
import { resolve } from 'node:path';
import { API_NAMES } from '../shared/api-names.ts';
import { accountSchema, DEFAULT_ACCESS_KEY_ID, DEFAULT_SECRET_ACCESS_KEY, mergeDefaultAccount } from './schema/accounts.ts';
import { carrierRulesSchema } from './schema/carrier.ts';
import { consoleSchema } from './schema/console.ts';
import { databaseSchema } from './schema/database.ts';
import { eventsSchema } from './schema/events.ts';
import { int, region } from './schema/fields.ts';
import { accessSchema, httpSchema } from './schema/http.ts';
import { limitsSchema, throttlingSchema } from './schema/limits.ts';
import { inventorySchema, phoneNumbersSchema } from './schema/numbers.ts';
import { loggingSchema, metricsSchema } from './schema/observability.ts';
import { fulfilmentSchema, ordersSchema } from './schema/orders.ts';
import { testingSchema } from './schema/testing.ts';
import { voiceAnalyticsSchema } from './schema/voice-analytics.ts';
import { webhooksSchema } from './schema/webhooks.ts';

export {
  DEFAULT_ACCESS_KEY_ID,
  DEFAULT_ACCOUNT_ID,
  DEFAULT_SECRET_ACCESS_KEY,
  accountLimitsSchema,
  actionPatternSchema,
  type AccountConfig,
  type AccountLimits,
} from './schema/accounts.ts';
export { carrierRulesSchema, type CarrierRules } from './schema/carrier.ts';
export { MAX_WORKERS } from './schema/http.ts';

/** The configuration file named by `DIALTONE_CONFIG` (every key optional). */
export const fileSchema = z.strictObject({
  accounts: z._default(z.array(accountSchema), []),
  /** Whether account 000000000000 with key test/test exists (it always may be added to, never silently removed). */
  defaultAccount: z._default(z.boolean(), true),
  /** SigV4 scope regions to accept; empty means any. */
  regions: z._default(z.array(region()), []),
  /**
   * The API that answers a request whose path prefix, host and User-Agent do not tell (boto3, the AWS CLI v1):
   * `both` (the union of the two models: neither kind of client breaks), `chime-sdk-voice` or `chime`.
   */
  defaultApi: z._default(z.enum(API_NAMES), 'both'),
  limits: limitsSchema,
  throttling: throttlingSchema,
  http: httpSchema,
  access: accessSchema,
  carrier: z.prefault(carrierRulesSchema, {}),
  inventory: inventorySchema,
  logging: loggingSchema,
  metrics: metricsSchema,
  /** Longest wait for requests in flight when stopping; then connections are cut. */
  shutdownTimeoutMs: z._default(int(0, 600_000), 10_000),
  phoneNumbers: phoneNumbersSchema,
  orders: ordersSchema,
  events: eventsSchema,
  voiceAnalytics: voiceAnalyticsSchema,
  console: consoleSchema,
  webhooks: webhooksSchema,
  testing: testingSchema,
  database: databaseSchema,
  fulfilment: fulfilmentSchema,
});

/** The whole configuration before the accounts are completed: the file's keys and those only the environment sets. */
const settingsSchema = z.extend(fileSchema, {
  /** `HOST`: the address to listen on. */
  host: z._default(z.string(), '127.0.0.1'),
  /** `PORT`: 0 picks a free port. */
  port: z._default(int(0, 65535), 8080),
  /** `DATA_DIR`: the state directory, made absolute. */
  dataDir: z.pipe(
    z._default(z.string(), './data'),
    z.transform((dir) => resolve(dir)),
  ),
  /** `DIALTONE_MASTER_KEY` (base64 of 32 bytes): encrypts stored secrets; absent → `DATA_DIR/master.key`. */
  masterKey: z.optional(
    z.string().check(
      z.refine((key) => Buffer.from(key, 'base64').length === 32 && Buffer.from(key, 'base64').toString('base64') === key, {
        message: 'must be the base64 encoding of exactly 32 bytes (e.g. `openssl rand -base64 32`)',
      }),
    ),
  ),
  /** `DIALTONE_ALLOW_DEFAULT_CREDENTIALS=true`: serve a non-loopback address with test/test anyway. */
  allowDefaultCredentials: z._default(z.boolean(), false),
});

/**
 * The validated configuration: the default account merged into `accounts` (unless `defaultAccount` is false), and
 * whether the well-known test/test key is active (by default, or configured by hand).
 */
export const configSchema = z.pipe(
  settingsSchema,
  z.transform(({ defaultAccount, ...settings }) => {
    const accounts = mergeDefaultAccount(settings.accounts, defaultAccount);
    const defaultCredentialsActive = accounts.some(
      (a) => a.enabled && a.credentials.some((c) => c.enabled && c.accessKeyId === DEFAULT_ACCESS_KEY_ID && c.secretAccessKey === DEFAULT_SECRET_ACCESS_KEY),
    );
    return { ...settings, accounts, defaultCredentialsActive };
  }),
);

export type Config = z.output<typeof configSchema>;
