/**
 * `dialtone import`: writes an export file's account into the database, in one transaction: all of it or, when
 * anything is refused, nothing. The target account must hold nothing yet (a fresh database, or a wiped account), and
 * none of the file's ids, SIP rule triggers, owned numbers or associated numbers may be taken by any account. Orders
 * still `Processing` are fulfilled by the worker as if just created; the account is created (enabled, without limit
 * overrides or keys) when neither the configuration file nor the database has it.
 */
import { FULFIL_ORDER } from '../domain/orders/fulfilment.ts';
import type { AccessRepository } from '../domain/ports/access.ts';
import type { AssociationRepository, NumberAssociation } from '../domain/ports/associations.ts';
import type { GlobalSettingsRepository } from '../domain/ports/global-settings.ts';
import type { VoiceProfileDomainRepository } from '../domain/ports/voice-profile-domains.ts';
import type { ProxySessionRepository } from '../domain/ports/proxy-sessions.ts';
import type { HoldingKind, ImportChecks, ImportKeyKind, TakenKey } from '../domain/ports/import-checks.ts';
import type { JobEnqueue } from '../domain/ports/jobs.ts';
import type { OrderBook } from '../domain/ports/orders.ts';
import type { NumberRecords } from '../domain/ports/phone-numbers.ts';
import type { PhoneNumberSettingsRepository } from '../domain/ports/settings.ts';
import type { SipMediaApplicationRepository, SipRuleRepository } from '../domain/ports/sip.ts';
import type { UnitOfWork } from '../domain/ports/unit-of-work.ts';
import type { VoiceAnalyticsTaskRepository } from '../domain/ports/voice-analytics-tasks.ts';
import type { VoiceConnectorGroupRepository, VoiceConnectorRepository } from '../domain/ports/voice-connectors.ts';
import type { VoiceProfileRepository } from '../domain/ports/voice-profiles.ts';
import type { Clock } from '../domain/shared/clock.ts';
import type { AccountContents } from './account-contents.ts';
import type { CheckedExport, ItemsBatch } from './export-reader.ts';

/** An import refused: the target is not empty, something of the file is taken, or the write failed. Nothing was written. */
export class ImportError extends Error {}

/** The repositories an import writes through. */
export interface ImportTargets {
  importChecks: ImportChecks;
  access: Pick<AccessRepository, 'getAccount' | 'insertAccount'>;
  orders: Pick<OrderBook, 'insertAll'>;
  jobs: JobEnqueue;
  phoneNumbers: Pick<NumberRecords, 'insertRecords'>;
  phoneNumberSettings: Pick<PhoneNumberSettingsRepository, 'put'>;
  globalSettings: Pick<GlobalSettingsRepository, 'put'>;
  voiceConnectors: Pick<VoiceConnectorRepository, 'insert' | 'lockAccount' | 'putSettings'>;
  voiceConnectorGroups: Pick<VoiceConnectorGroupRepository, 'insert'>;
  sipMediaApplications: Pick<SipMediaApplicationRepository, 'insert' | 'putLogging'>;
  sipRules: Pick<SipRuleRepository, 'insert'>;
  voiceProfileDomains: Pick<VoiceProfileDomainRepository, 'insert'>;
  proxySessions: Pick<ProxySessionRepository, 'insert'>;
  voiceProfiles: Pick<VoiceProfileRepository, 'insert'>;
  voiceAnalyticsTasks: Pick<VoiceAnalyticsTaskRepository, 'insert'>;
  associations: Pick<AssociationRepository, 'associate'>;
}

/** What an import writes: a checked file's contents, and its long lists' items read again in batches. */
export interface ImportSource extends Omit<CheckedExport, 'listOrder'> {
  /** The long lists' items: every order, then every number record, then every association. */
  batches(): AsyncIterable<ItemsBatch>;
}

export interface ImportDependencies {
  unitOfWork: UnitOfWork<ImportTargets>;
  /** The accounts of the configuration file (they exist without a row in the database). */
  configAccountIds: ReadonlySet<string>;
  clock: Clock;
  /** Told, after each batch written, how many items of a long list are written of how many (`orders`, `numbers`, `associations`). */
  progress?: (label: string, done: number, total: number) => void;
}

/** What was imported. */
export interface ImportSummary {
  accountId: string;
  /** Whether the account was created by the import. */
  accountCreated: boolean;
  orders: number;
  /** Of the orders, those still `Processing`, whose fulfilment was scheduled. */
  processingOrders: number;
  /** Number records (owned ones and former ones). */
  phoneNumbers: number;
  voiceConnectors: number;
  voiceConnectorGroups: number;
  sipMediaApplications: number;
  sipRules: number;
  voiceProfileDomains: number;
  proxySessions: number;
  voiceProfiles: number;
  /** Speaker searches and voice tone analyses. */
  voiceAnalyticsTasks: number;
  associations: number;
}

const HOLDING_NAMES: Record<HoldingKind, string> = {
  orders: 'orders',
  phoneNumbers: 'phone numbers',
  phoneNumberSettings: 'phone-number settings',
  globalSettings: 'global settings',
  voiceConnectors: 'voice connectors',
  voiceConnectorGroups: 'voice connector groups',
  sipMediaApplications: 'SIP media applications',
  sipRules: 'SIP rules',
  voiceProfileDomains: 'voice profile domains',
  proxySessions: 'proxy sessions',
  voiceProfiles: 'voice profiles',
  voiceAnalyticsTasks: 'voice analytics tasks',
  associations: 'associations',
};

const TAKEN_NAMES: Record<ImportKeyKind, string> = {
  order: 'order',
  voiceConnector: 'voice connector',
  voiceConnectorGroup: 'voice connector group',
  sipMediaApplication: 'SIP media application',
  sipRule: 'SIP rule',
  sipRuleTrigger: 'SIP rule trigger',
  voiceProfileDomain: 'voice profile domain',
  proxySession: 'proxy session',
  voiceProfile: 'voice profile',
  voiceAnalyticsTask: 'voice analytics task',
  ownedNumber: 'phone number',
  associatedNumber: 'phone number',
};

/** Most taken keys named in one refusal. */
const MAX_NAMED = 20;

/**
 * Imports a checked export file (export-reader.ts checks it whole before the database is opened).
 * @throws ImportError when the target refuses it (nothing is written)
 */
export async function importAccount(source: ImportSource, deps: ImportDependencies): Promise<ImportSummary> {
  const { contents, counts } = source;
  const { accountId } = contents;
  try {
    return await deps.unitOfWork.transaction(async (repos) => {
      await repos.importChecks.beginWrites();
      await repos.voiceConnectors.lockAccount(accountId);
      const held = await repos.importChecks.holdings(accountId);
      if (held.length > 0) {
        throw new ImportError(
          `account ${accountId} already holds ${held.map((kind) => HOLDING_NAMES[kind]).join(', ')}: import into an account that holds nothing ` +
            '(a fresh database, or after wiping the account); nothing was imported',
        );
      }
      const taken = await repos.importChecks.taken(keysOf(source));
      if (taken.length > 0) throw new ImportError(`the target database already has what the file would add; nothing was imported:\n${describeTaken(taken)}`);
      const accountCreated = await ensureAccount(repos, accountId, deps);
      await writeParts(repos, contents);
      const written = await writeItems(repos, accountId, source.batches(), deps.clock.now(), (list, done) => deps.progress?.(LIST_LABELS[list], done, counts[list]));
      if (written.orders !== counts.orders || written.phoneNumbers !== counts.phoneNumbers || written.associations !== counts.associations) {
        throw new ImportError('the file changed after it was checked; nothing was imported');
      }
      await writeSettings(repos, contents);
      return {
        accountId,
        accountCreated,
        orders: counts.orders,
        processingOrders: counts.processingOrders,
        phoneNumbers: counts.phoneNumbers,
        voiceConnectors: contents.voiceConnectors.length,
        voiceConnectorGroups: contents.voiceConnectorGroups.length,
        sipMediaApplications: contents.sipMediaApplications.length,
        sipRules: contents.sipRules.length,
        voiceProfileDomains: contents.voiceProfileDomains.length,
        proxySessions: contents.proxySessions.length,
        voiceProfiles: contents.voiceProfiles.length,
        voiceAnalyticsTasks: contents.voiceAnalyticsTasks.length,
        associations: counts.associations,
      };
    });
  } catch (error) {
    if (error instanceof ImportError) throw error;
    // A concurrent writer that took a key after the checks, or a database failure: the transaction was rolled back.
    throw new ImportError(`import failed, nothing was imported: ${(error as Error).message}`, { cause: error });
  }
}

/** Creates the account unless the configuration file or the database has it; answers whether it did. */
async function ensureAccount(repos: ImportTargets, accountId: string, deps: ImportDependencies): Promise<boolean> {
  if (deps.configAccountIds.has(accountId) || (await repos.access.getAccount(accountId)) !== undefined) return false;
  const now = deps.clock.now();
  return repos.access.insertAccount({ accountId, enabled: true, createdAt: now, updatedAt: now });
}

/** Writes the parts but the long lists, each after those it refers to (the database's foreign keys). */
async function writeParts(repos: ImportTargets, contents: AccountContents): Promise<void> {
  const { accountId } = contents;
  for (const connector of contents.voiceConnectors) await repos.voiceConnectors.insert(connector);
  for (const { voiceConnectorId, settings } of contents.voiceConnectorSettings) await repos.voiceConnectors.putSettings(accountId, voiceConnectorId, settings);
  for (const session of contents.proxySessions) await repos.proxySessions.insert(session);
  for (const task of contents.voiceAnalyticsTasks) await repos.voiceAnalyticsTasks.insert(task);
  for (const group of contents.voiceConnectorGroups) await repos.voiceConnectorGroups.insert(group);
  for (const application of contents.sipMediaApplications) await repos.sipMediaApplications.insert(application);
  for (const { sipMediaApplicationId, logging } of contents.sipMediaApplicationLogging) await repos.sipMediaApplications.putLogging(accountId, sipMediaApplicationId, logging);
  for (const rule of contents.sipRules) {
    if (!(await repos.sipRules.insert(rule))) throw new ImportError(`SIP rule trigger ${rule.triggerType} ${rule.triggerValue} is taken; nothing was imported`);
  }
  for (const domain of contents.voiceProfileDomains) await repos.voiceProfileDomains.insert(domain);
  for (const profile of contents.voiceProfiles) await repos.voiceProfiles.insert(profile);
}

const LIST_LABELS: Record<ItemsBatch['list'], string> = { orders: 'orders', phoneNumbers: 'numbers', associations: 'associations' };

/** Writes the long lists' items as they come (orders still `Processing` get their fulfilment job); answers how many. */
async function writeItems(
  repos: ImportTargets,
  accountId: string,
  batches: AsyncIterable<ItemsBatch>,
  now: Date,
  wrote: (list: ItemsBatch['list'], done: number) => void,
) {
  const written = { orders: 0, phoneNumbers: 0, associations: 0 };
  for await (const batch of batches) {
    written[batch.list] += batch.items.length;
    if (batch.list === 'orders') {
      await repos.orders.insertAll(batch.items);
      const processing = batch.items.filter((order) => order.status === 'Processing');
      await repos.jobs.enqueueAll(processing.map((order) => ({ id: order.id, kind: FULFIL_ORDER, accountId, runAt: now })));
    } else if (batch.list === 'phoneNumbers') {
      await repos.phoneNumbers.insertRecords(batch.items);
    } else {
      // One write per target and time: associations made by one call share both.
      const calls = new Map<string, { target: NumberAssociation['target']; at: Date; e164s: string[] }>();
      for (const association of batch.items) {
        const key = `${association.target.kind} ${association.target.id} ${association.associatedAt.getTime()}`;
        const call = calls.get(key) ?? { target: association.target, at: association.associatedAt, e164s: [] };
        call.e164s.push(association.e164);
        calls.set(key, call);
      }
      for (const call of calls.values()) await repos.associations.associate(accountId, call.e164s, call.target, call.at);
    }
    wrote(batch.list, written[batch.list]);
  }
  return written;
}

/** Writes the account's settings. */
async function writeSettings(repos: ImportTargets, contents: AccountContents): Promise<void> {
  const { accountId } = contents;
  const settings = contents.phoneNumberSettings;
  if (settings !== undefined) {
    const at = settings.callingNameUpdatedAt;
    await repos.phoneNumberSettings.put(accountId, { callingName: settings.callingName, at, unchangedSince: at });
  }
  if (contents.globalSettings !== undefined) await repos.globalSettings.put(accountId, contents.globalSettings);
}

function keysOf({ contents, keys }: ImportSource) {
  return {
    orderIds: keys.orderIds,
    voiceConnectorIds: contents.voiceConnectors.map((c) => c.id),
    voiceConnectorGroupIds: contents.voiceConnectorGroups.map((g) => g.id),
    sipMediaApplicationIds: contents.sipMediaApplications.map((a) => a.id),
    sipRuleIds: contents.sipRules.map((r) => r.id),
    sipRuleTriggers: contents.sipRules.map((r) => ({ type: r.triggerType, value: r.triggerValue })),
    voiceProfileDomainIds: contents.voiceProfileDomains.map((d) => d.id),
    proxySessionIds: contents.proxySessions.map((p) => p.id),
    voiceProfileIds: contents.voiceProfiles.map((p) => p.id),
    voiceAnalyticsTaskIds: contents.voiceAnalyticsTasks.map((t) => t.id),
    ownedNumbers: keys.ownedNumbers,
    associatedNumbers: keys.associatedNumbers,
  };
}

function describeTaken(taken: TakenKey[]): string {
  const lines = taken.slice(0, MAX_NAMED).map((t) => {
    const holder = `account ${t.accountId}`;
    if (t.kind === 'ownedNumber') return `  phone number ${t.key} is owned by ${holder}`;
    if (t.kind === 'associatedNumber') return `  phone number ${t.key} has an association in ${holder}`;
    return `  ${TAKEN_NAMES[t.kind]} ${t.key} exists in ${holder}`;
  });
  if (taken.length > MAX_NAMED) lines.push(`  … and ${taken.length - MAX_NAMED} more`);
  return lines.join('\n');
}
