/** A `Storage` over any kysely database: the dialect is chosen by whoever builds the `Kysely`. */
import { sql, type Kysely } from 'kysely';
import type { NewEvent } from '../../domain/events/event.ts';
import type { Repositories, Storage } from '../storage.ts';
import { KyselyAccessRepository } from './access-repository.ts';
import { KyselyAssociationRepository } from './association-repository.ts';
import { advisoryKey } from './advisory-lock.ts';
import { KyselyBulkRepository } from './bulk-repository.ts';
import { KyselyConsoleSessionRepository } from './console-session-repository.ts';
import { CommitBell, KyselyEventRepository } from './event-repository.ts';
import { KyselyImportCheckRepository } from './import-check-repository.ts';
import { KyselyJobRepository } from './job-repository.ts';
import { leaseLock } from './lease-lock.ts';
import { KyselyMetaRepository } from './meta-repository.ts';
import { KyselyOrderInvocationRepository } from './order-invocation-repository.ts';
import { KyselyOrderRepository } from './order-repository.ts';
import { KyselyOverviewRepository } from './overview-repository.ts';
import { KyselyPhoneNumberRepository } from './phone-number-repository.ts';
import { KyselyPhoneNumberSettingsRepository } from './phone-number-settings-repository.ts';
import { KyselyGlobalSettingsRepository } from './global-settings-repository.ts';
import type { DatabaseSchema } from './schema.ts';
import { KyselySipMediaApplicationRepository } from './sip-media-application-repository.ts';
import { KyselySipRuleRepository } from './sip-rule-repository.ts';
import { KyselyVoiceProfileDomainRepository } from './voice-profile-domain-repository.ts';
import { KyselyProxySessionRepository } from './proxy-session-repository.ts';
import { KyselySipMediaApplicationCallRepository } from './sip-media-application-call-repository.ts';
import { KyselyVoiceAnalyticsTaskRepository } from './voice-analytics-task-repository.ts';
import { KyselyVoiceProfileRepository } from './voice-profile-repository.ts';
import type { SqlDialect } from './sql-dialect.ts';
import { kyselyStateReset } from './state-reset.ts';
import { KyselyUsageRepository } from './usage-repository.ts';
import { KyselyVoiceConnectorGroupRepository } from './voice-connector-group-repository.ts';
import { KyselyVoiceConnectorRepository } from './voice-connector-repository.ts';
import { KyselyWebhookRepository } from './webhook-repository.ts';


/**
 * The repositories bound to `db`, which may be a `Transaction`.
 * @param appended told the accounts whose events the event repository appended.
 * @param directAppend the adapter's own append, for transactions (see KyselyEventRepository).
 */
export function repositoriesFor(
  db: Kysely<DatabaseSchema>,
  dialect: SqlDialect = 'sqlite',
  appended?: (accountIds: readonly string[]) => void,
  directAppend?: (events: readonly NewEvent[]) => string[],
): Repositories {
  return {
    orders: new KyselyOrderRepository(db, dialect),
    meta: new KyselyMetaRepository(db),
    phoneNumbers: new KyselyPhoneNumberRepository(db, dialect),
    jobs: new KyselyJobRepository(db, dialect),
    bulk: new KyselyBulkRepository(db),
    phoneNumberSettings: new KyselyPhoneNumberSettingsRepository(db),
    globalSettings: new KyselyGlobalSettingsRepository(db),
    access: new KyselyAccessRepository(db),
    usage: new KyselyUsageRepository(db, dialect),
    voiceConnectors: new KyselyVoiceConnectorRepository(db, dialect),
    voiceConnectorGroups: new KyselyVoiceConnectorGroupRepository(db),
    orderInvocations: new KyselyOrderInvocationRepository(db),
    sipMediaApplications: new KyselySipMediaApplicationRepository(db),
    voiceProfileDomains: new KyselyVoiceProfileDomainRepository(db),
    proxySessions: new KyselyProxySessionRepository(db),
    sipMediaApplicationCalls: new KyselySipMediaApplicationCallRepository(db),
    voiceAnalyticsTasks: new KyselyVoiceAnalyticsTaskRepository(db, dialect),
    voiceProfiles: new KyselyVoiceProfileRepository(db, dialect),
    sipRules: new KyselySipRuleRepository(db),
    associations: new KyselyAssociationRepository(db),
    importChecks: new KyselyImportCheckRepository(db, dialect),
    events: new KyselyEventRepository(db, appended, directAppend, dialect),
    webhooks: new KyselyWebhookRepository(db, dialect),
    consoleSessions: new KyselyConsoleSessionRepository(db),
    overview: new KyselyOverviewRepository(db, dialect),
  };
}

/**
 * Wraps a migrated kysely database as `Storage`. The storage owns `db`: `close()` destroys it.
 * @param db a database whose schema is already at the latest migration.
 * @param options.leaseLocks SQLite: take the cluster lock as a lease row in `meta` (other processes share the file).
 * @param options.bell announces commits that appended events (shared with an adapter's own writers, e.g. group commit).
 * @param options.batchSession gives `batchWork` its session: runs `work` on a database bound to one connection, set up
 *   for transactions of bounded statements (SQLite: statement journals in memory, see open-sqlite-storage.ts).
 * @param options.refreshStatistics gathers the planner's statistics (see `Storage.refreshStatistics`).
 */
export function createKyselyStorage(db: Kysely<DatabaseSchema>, options: {
    dialect?: SqlDialect;
    leaseLocks?: boolean;
    bell?: CommitBell;
    directAppend?: (events: readonly NewEvent[]) => string[];
    batchSession?: <T>(work: (db: Kysely<DatabaseSchema>) => Promise<T>) => Promise<T>;
    refreshStatistics: () => Promise<void>;
  },
): Storage {
  const dialect = options.dialect ?? 'sqlite';
  const bell = options.bell ?? new CommitBell();
  const repos = repositoriesFor(db, dialect, (accountIds) => bell.ring(new Set(accountIds)));
  const reset = kyselyStateReset(db, dialect);
  const leases = dialect === 'sqlite' && options.leaseLocks === true ? leaseLock(db) : undefined;
  const transactionOn = async <T>(on: Kysely<DatabaseSchema>, work: (repos: Repositories) => Promise<T>): Promise<T> => {
    const touched = new Set<string>();
    const result = await on
      .transaction()
      .execute((trx) => work(repositoriesFor(trx, dialect, (accountIds) => accountIds.forEach((a) => touched.add(a)), options.directAppend)));
    bell.ring(touched);
    return result;
  };
  const { batchSession } = options;
  return {
    orders: repos.orders,
    meta: repos.meta,
    phoneNumbers: repos.phoneNumbers,
    jobs: repos.jobs,
    bulk: repos.bulk,
    phoneNumberSettings: repos.phoneNumberSettings,
    globalSettings: repos.globalSettings,
    access: repos.access,
    usage: repos.usage,
    voiceConnectors: repos.voiceConnectors,
    voiceConnectorGroups: repos.voiceConnectorGroups,
    orderInvocations: repos.orderInvocations,
    sipMediaApplications: repos.sipMediaApplications,
    voiceProfileDomains: repos.voiceProfileDomains,
    proxySessions: repos.proxySessions,
    sipMediaApplicationCalls: repos.sipMediaApplicationCalls,
    voiceAnalyticsTasks: repos.voiceAnalyticsTasks,
    voiceProfiles: repos.voiceProfiles,
    sipRules: repos.sipRules,
    associations: repos.associations,
    importChecks: repos.importChecks,
    events: repos.events,
    webhooks: repos.webhooks,
    consoleSessions: repos.consoleSessions,
    overview: repos.overview,
    eventCommits: bell,
    transaction: (work) => transactionOn(db, work),
    ...(batchSession && { batchWork: { transaction: (work) => batchSession((connection) => transactionOn(connection, work)) } }),
    snapshot<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
      // PostgreSQL's default READ COMMITTED would let each statement see a later commit than the one before.
      if (dialect === 'postgres') {
        return db
          .transaction()
          .setIsolationLevel('repeatable read')
          .setAccessMode('read only')
          .execute((trx) => work(repositoriesFor(trx, dialect)));
      }
      return sqliteSnapshot(db, (connection) => work(repositoriesFor(connection, dialect)));
    },
    exclusive<T>(name: string, work: () => Promise<T>): Promise<T | undefined> {
      // SQLite shared by several processes (--workers), which has no advisory locks: a lease row. Alone: nobody to
      // exclude, and a sweep with nothing to do writes nothing (no wait on a database another connection has locked).
      if (leases) return leases.exclusive(name, work);
      if (dialect === 'sqlite') return work();
      // A transaction-scoped advisory lock: released by COMMIT, or by the server when this node's connection dies.
      // It holds one pooled connection while `work` runs on others (hence a pool of at least 2).
      return db.transaction().execute(async (trx) => {
        const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(${advisoryKey(name)}::bigint) as locked`.execute(trx);
        return rows[0]?.locked === true ? work() : undefined;
      });
    },
    resetAccount: (accountId) => reset.resetAccount(accountId),
    resetAll: () => reset.resetAll(),
    async ping(): Promise<void> {
      await sql`select 1`.execute(db);
    },
    refreshStatistics: options.refreshStatistics,
    async close(): Promise<void> {
      await db.destroy();
    },
  };
}

/**
 * SQLite: `work` in one read transaction (`BEGIN DEFERRED`, kept as it is by immediate-transactions.ts): in WAL mode it
 * sees the database as of its first read until its end and takes no write lock, so the servers on the file write
 * meanwhile, however long `work` lasts (an export writing its file). kysely's own transactions begin `IMMEDIATE`.
 */
async function sqliteSnapshot<T>(db: Kysely<DatabaseSchema>, work: (connection: Kysely<DatabaseSchema>) => Promise<T>): Promise<T> {
  return db.connection().execute(async (connection) => {
    await sql`begin deferred`.execute(connection);
    let result: T;
    try {
      result = await work(connection);
    } catch (error) {
      await sql`rollback`.execute(connection);
      throw error;
    }
    await sql`commit`.execute(connection);
    return result;
  });
}
