/**
 * What a database adapter offers: every repository port of the domain (src/domain/ports/), transactions over all of
 * them, and the database's own lifecycle. Only the composition root and the storage adapters see this whole; services
 * receive the ports they use.
 */
import type { AccessRepository } from '../domain/ports/access.ts';
import type { AssociationRepository } from '../domain/ports/associations.ts';
import type { BulkRepository } from '../domain/ports/bulk.ts';
import type { ConsoleSessionRepository } from '../domain/ports/console-sessions.ts';
import type { ClusterLock } from '../domain/ports/cluster-lock.ts';
import type { EventCommits, EventRepository } from '../domain/ports/events.ts';
import type { GlobalSettingsRepository } from '../domain/ports/global-settings.ts';
import type { ImportChecks } from '../domain/ports/import-checks.ts';
import type { JobRepository } from '../domain/ports/jobs.ts';
import type { MetaRepository } from '../domain/ports/meta.ts';
import type { OrderIntake } from '../domain/ports/order-intake.ts';
import type { OrderInvocations } from '../domain/ports/order-invocations.ts';
import type { OrderRepository } from '../domain/ports/orders.ts';
import type { OverviewRepository } from '../domain/ports/overview.ts';
import type { PhoneNumberRepository } from '../domain/ports/phone-numbers.ts';
import type { PhoneNumberSettingsRepository } from '../domain/ports/settings.ts';
import type { SipMediaApplicationRepository, SipRuleRepository } from '../domain/ports/sip.ts';
import type { VoiceProfileDomainRepository } from '../domain/ports/voice-profile-domains.ts';
import type { ProxySessionRepository } from '../domain/ports/proxy-sessions.ts';
import type { SipMediaApplicationCallRepository } from '../domain/ports/sip-calls.ts';
import type { VoiceAnalyticsTaskRepository } from '../domain/ports/voice-analytics-tasks.ts';
import type { VoiceProfileRepository } from '../domain/ports/voice-profiles.ts';
import type { StateReset } from '../domain/ports/state-reset.ts';
import type { SnapshotReads, UnitOfWork } from '../domain/ports/unit-of-work.ts';
import type { UsageRepository } from '../domain/ports/usage.ts';
import type { WebhookRepository } from '../domain/ports/webhooks.ts';
import type { VoiceConnectorGroupRepository, VoiceConnectorRepository } from '../domain/ports/voice-connectors.ts';

/** The repositories bound to one unit of work. */
export interface Repositories {
  orders: OrderRepository;
  meta: MetaRepository;
  phoneNumbers: PhoneNumberRepository;
  jobs: JobRepository;
  bulk: BulkRepository;
  phoneNumberSettings: PhoneNumberSettingsRepository;
  /** The account's global settings (call detail record buckets). */
  globalSettings: GlobalSettingsRepository;
  access: AccessRepository;
  usage: UsageRepository;
  voiceConnectors: VoiceConnectorRepository;
  voiceConnectorGroups: VoiceConnectorGroupRepository;
  /** Invocation ids of order creates (retry-safe creates). */
  orderInvocations: OrderInvocations;
  sipMediaApplications: SipMediaApplicationRepository;
  voiceProfileDomains: VoiceProfileDomainRepository;
  /** The voice connectors' proxy sessions. */
  proxySessions: ProxySessionRepository;
  /** The SIP media applications' outbound calls of the last day. */
  sipMediaApplicationCalls: SipMediaApplicationCallRepository;
  /** The voice connectors' speaker search and voice tone analysis tasks of the last day. */
  voiceAnalyticsTasks: VoiceAnalyticsTaskRepository;
  /** The voice profiles enrolled from speaker searches. */
  voiceProfiles: VoiceProfileRepository;
  /** SIP rules, their targets, and the `SipRuleId` associations of numbers. */
  sipRules: SipRuleRepository;
  /** What each number is associated with (voice connectors, groups, SIP rules). */
  associations: AssociationRepository;
  /** What `dialtone import` checks before it writes. */
  importChecks: ImportChecks;
  /** The event outbox: append inside the transaction of the change. */
  events: EventRepository;
  /** Webhook subscriptions, their delivery leases and dead letters. */
  webhooks: WebhookRepository;
  /** The web console's sessions. */
  consoleSessions: ConsoleSessionRepository;
  /** The web console's overview of an account (read only). */
  overview: OverviewRepository;
}

/**
 * On PostgreSQL, `exclusive` takes an advisory lock; on SQLite shared by several processes of one machine
 * (`--workers`), a lease row in `meta` (kysely/lease-lock.ts); on SQLite served by one process it always runs the work.
 * `snapshot` reads in one transaction that sees one commit (PostgreSQL: `REPEATABLE READ READ ONLY`; SQLite: every
 * transaction does). `resetAccount` / `resetAll` wipe resources in a transaction of their own (see `StateReset`).
 */
export interface Storage extends Repositories, UnitOfWork<Repositories>, SnapshotReads<Repositories>, ClusterLock, StateReset {
  /** Where creates are stored when the adapter has a faster way than a transaction each (SQLite: group commit). */
  orderIntake?: OrderIntake;
  /**
   * Transactions like `transaction`'s, for work whose every statement touches a bounded number of rows (fulfilment's
   * batches), when the adapter runs those faster (SQLite: their statement journals stay in memory).
   */
  batchWork?: UnitOfWork<Repositories>;
  /** Announces commits of this process that appended events. */
  eventCommits: EventCommits;
  /** Cheap round trip that proves the database answers. */
  ping(): Promise<void>;
  /**
   * Gathers the query planner's statistics of the tables now, as the databases advise after loading data in bulk
   * (`dialtone seed`, `dialtone import`): until then a loaded table is planned as it was before the load. Best effort:
   * a failure leaves the statistics as they were, and the data is untouched either way.
   */
  refreshStatistics(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A unit of work that hands `work` only the repositories `pick` selects, so that a service given it cannot reach the
 * others (access keys, say) even inside a transaction.
 * @example narrowed(storage, (r) => ({ orders: r.orders, jobs: r.jobs }))
 */
export function narrowed<R>(storage: UnitOfWork<Repositories>, pick: (repos: Repositories) => R): UnitOfWork<R> {
  return { transaction: (work) => storage.transaction((repos) => work(pick(repos))) };
}
