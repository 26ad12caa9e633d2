/**
 * `StateReset` on kysely: one transaction that deletes an account's resources (or everyone's), table by table in the
 * order the foreign keys need, and bumps the reset mark in the meta table.
 *
 * Why it is safe while the server works (PostgreSQL; SQLite runs one write transaction at a time, so there the reset
 * is simply before or after any other write):
 * - it first takes the account's two advisory locks, the ones order creates (`usage:<account>`) and every voice
 *   connector, group and SIP write (`voice-connectors:<account>`) hold until they commit: those are then wholly before
 *   the reset or wholly after it, never cut in two;
 * - it deletes the jobs next. A fulfilment transaction that holds a job row (its fence) is waited for, and its writes
 *   are visible to the deletes that follow; one that starts later blocks on the deleted row until the reset commits,
 *   then finds its job gone and writes nothing. So a job claimed before the reset resurrects nothing.
 * What no lock orders (a number updated, a conflicting write of an account that had no state when a reset of
 * everything began) can only make an attempt fail (deadlock, refused foreign key): the whole reset is then tried again.
 */
import { sql, type Kysely } from 'kysely';
import { RESET_ALL_MARK, RESET_MARK_PREFIX, type ResetCounts, type ResetReport, type StateReset } from '../../domain/ports/state-reset.ts';
import { isTransientStorageError } from '../transient-error.ts';
import { lockForTransaction } from './advisory-lock.ts';
import { isForeignKeyViolation } from './constraint-error.ts';
import { KyselyMetaRepository } from './meta-repository.ts';
import type { DatabaseSchema } from './schema.ts';
import type { SqlDialect } from './sql-dialect.ts';
import { voiceConnectorLockName } from './voice-connector-repository.ts';

/** Attempts of one reset before its last failure is thrown. */
const ATTEMPTS = 5;
/**
 * A reset of everything locks each account that has state (two advisory locks each, which PostgreSQL keeps in its
 * shared lock table); past this many accounts it locks none and relies on its retries instead.
 */
const MOST_LOCKED_ACCOUNTS = 500;

/** The tables holding an account's resources (each has `account_id`). */
const ACCOUNT_TABLES = [
  'orders',
  'jobs',
  'order_invocations',
  'phone_numbers',
  'phone_number_settings',
  'global_settings',
  'voice_connectors',
  'voice_connector_groups',
  'sip_media_applications',
  'sip_rules',
  'voice_profile_domains',
  'proxy_sessions',
  'sip_media_application_calls',
  'voice_analytics_tasks',
  'voice_profiles',
  'phone_number_associations',
  'account_usage',
  'events',
] as const;

/** `StateReset` over `db` (not a transaction: each reset is a transaction of its own). */
export function kyselyStateReset(db: Kysely<DatabaseSchema>, dialect: SqlDialect): StateReset {
  const reset = async (accountId: string | undefined): Promise<ResetReport> => {
    for (let attempt = 1; ; attempt++) {
      try {
        const removed = await db.transaction().execute((trx) => wipe(trx, dialect, accountId));
        return { accountId, removed };
      } catch (error) {
        if (attempt >= ATTEMPTS || !(isTransientStorageError(error) || isForeignKeyViolation(error))) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      }
    }
  };
  return {
    resetAccount: (accountId) => {
      if (!/^\d{12}$/.test(accountId)) return Promise.reject(new RangeError(`an account id is 12 digits, not ${JSON.stringify(accountId)}`));
      return reset(accountId);
    },
    resetAll: () => reset(undefined),
  };
}

async function wipe(trx: Kysely<DatabaseSchema>, dialect: SqlDialect, accountId: string | undefined): Promise<ResetCounts> {
  if (dialect === 'postgres') {
    const accounts = accountId === undefined ? await accountsWithState(trx) : [accountId];
    if (accounts.length <= MOST_LOCKED_ACCOUNTS) {
      for (const account of accounts) {
        await lockForTransaction(trx, `usage:${account}`);
        await lockForTransaction(trx, voiceConnectorLockName(account));
      }
    }
  }
  const count = (result: { numDeletedRows: bigint }): number => Number(result.numDeletedRows);
  // Scoped to the account, or to every row.
  const scoped = (table: (typeof ACCOUNT_TABLES)[number]) =>
    accountId === undefined ? trx.deleteFrom(table) : trx.deleteFrom(table).where(sql<boolean>`account_id = ${accountId}`);

  const jobs = count(await scoped('jobs').executeTakeFirstOrThrow());
  const orderInvocations = count(await scoped('order_invocations').executeTakeFirstOrThrow());
  const orderedNumbers = count(
    await (accountId === undefined
      ? trx.deleteFrom('order_numbers')
      : trx.deleteFrom('order_numbers').where('order_id', 'in', trx.selectFrom('orders').select('id').where('account_id', '=', accountId))
    ).executeTakeFirstOrThrow(),
  );
  const orders = count(await scoped('orders').executeTakeFirstOrThrow());
  const associations = count(await scoped('phone_number_associations').executeTakeFirstOrThrow());
  // Rule targets and group items go with their rule or group (ON DELETE CASCADE).
  const sipRules = count(await scoped('sip_rules').executeTakeFirstOrThrow());
  // Counted before their applications go (the foreign key would delete them with their application).
  const sipMediaApplicationCalls = count(await scoped('sip_media_application_calls').executeTakeFirstOrThrow());
  const sipMediaApplications = count(await scoped('sip_media_applications').executeTakeFirstOrThrow());
  // Counted before their domains go (the foreign key would delete them with their domain).
  const voiceProfiles = count(await scoped('voice_profiles').executeTakeFirstOrThrow());
  const voiceProfileDomains = count(await scoped('voice_profile_domains').executeTakeFirstOrThrow());
  // Counted before their connectors go (the foreign key would delete them with their connector).
  const proxySessions = count(await scoped('proxy_sessions').executeTakeFirstOrThrow());
  const voiceAnalyticsTasks = count(await scoped('voice_analytics_tasks').executeTakeFirstOrThrow());
  const voiceConnectorGroups = count(await scoped('voice_connector_groups').executeTakeFirstOrThrow());
  const voiceConnectors = count(await scoped('voice_connectors').executeTakeFirstOrThrow());
  const phoneNumberSettings = count(await scoped('phone_number_settings').executeTakeFirstOrThrow());
  const globalSettings = count(await scoped('global_settings').executeTakeFirstOrThrow());
  const phoneNumbers = count(await scoped('phone_numbers').executeTakeFirstOrThrow());
  // Their sequence (event_sequences) stays: a sequence number is never given twice, so a reader resuming from one it
  // saw before the reset misses nothing after it.
  const events = count(await scoped('events').executeTakeFirstOrThrow());
  // The triggers of 0005 have counted the deleted numbers down; the counter rows themselves go too.
  await scoped('account_usage').execute();
  await new KyselyMetaRepository(trx).increment(accountId === undefined ? RESET_ALL_MARK : `${RESET_MARK_PREFIX}${accountId}`, 1);
  return {
    orders,
    orderedNumbers,
    orderInvocations,
    jobs,
    phoneNumbers,
    phoneNumberSettings,
    globalSettings,
    voiceConnectors,
    voiceConnectorGroups,
    sipMediaApplications,
    sipRules,
    voiceProfileDomains,
    proxySessions,
    sipMediaApplicationCalls,
    voiceAnalyticsTasks,
    voiceProfiles,
    associations,
    events,
  };
}

/** Every account that has a row in one of the resource tables, in a fixed order (so two resets lock alike). */
async function accountsWithState(trx: Kysely<DatabaseSchema>): Promise<string[]> {
  const [first, ...rest] = ACCOUNT_TABLES.map((table) => trx.selectFrom(table).select(sql.ref<string>(`${table}.account_id`).as('account_id')));
  let query = first!;
  for (const next of rest) query = query.union(next);
  const rows = await query.execute();
  return rows.map((row) => row.account_id).sort();
}
