/**
 * `dialtone import`: writes an export file's account into the database, in one transaction: all of it or, when
 * anything is refused, nothing. The target account must hold nothing yet (a fresh database, or a wiped account), and
 * none of the file's ids, SIP rule triggers, owned numbers or associated numbers may be taken by any account. Orders
 * still `Processing` are fulfilled by the worker as if just created; the account is created (enabled, without limit
 * overrides or keys) when neither the configuration file nor the database has it.
 */
import { FULFIL_ORDER } from '../domain/orders/fulfilment.ts';
import type { AccessRepository } from '../domain/ports/access.ts';
import type { AssociationRepository } from '../domain/ports/associations.ts';
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

/** An import refused: the target is not empty, something of the file is taken, or the write failed. Nothing was written. */
export class ImportError extends Error {}

/** The repositories an import writes through. */
export interface ImportTargets {
  importChecks: ImportChecks;
  access: Pick<AccessRepository, 'getAccount' | 'insertAccount'>;
  orders: Pick<OrderBook, 'insert'>;
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

export interface ImportDependencies {
  unitOfWork: UnitOfWork<ImportTargets>;
  /** The accounts of the configuration file (they exist without a row in the database). */
  configAccountIds: ReadonlySet<string>;
  clock: Clock;
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
 * Imports the contents of an export file (checked with `fromDocument` of export-format.ts first, before the database
 * is opened).
 * @throws ImportError when the target refuses it (nothing is written)
 */
export async function importAccount(contents: AccountContents, deps: ImportDependencies): Promise<ImportSummary> {
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
      const taken = await repos.importChecks.taken(keysOf(contents));
      if (taken.length > 0) throw new ImportError(`the target database already has what the file would add; nothing was imported:\n${describeTaken(taken)}`);
      const accountCreated = await ensureAccount(repos, accountId, deps);
      await write(repos, contents);
      const now = deps.clock.now();
      const processing = contents.orders.filter((order) => order.status === 'Processing');
      for (const order of processing) await repos.jobs.enqueue({ id: order.id, kind: FULFIL_ORDER, accountId, runAt: now });
      return {
        accountId,
        accountCreated,
        orders: contents.orders.length,
        processingOrders: processing.length,
        phoneNumbers: contents.numbers.length,
        voiceConnectors: contents.voiceConnectors.length,
        voiceConnectorGroups: contents.voiceConnectorGroups.length,
        sipMediaApplications: contents.sipMediaApplications.length,
        sipRules: contents.sipRules.length,
        voiceProfileDomains: contents.voiceProfileDomains.length,
        proxySessions: contents.proxySessions.length,
        voiceProfiles: contents.voiceProfiles.length,
        voiceAnalyticsTasks: contents.voiceAnalyticsTasks.length,
        associations: contents.associations.length,
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

/** Writes the contents, each part after those it refers to (the database's foreign keys). */
async function write(repos: ImportTargets, contents: AccountContents): Promise<void> {
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
  for (const order of contents.orders) await repos.orders.insert(order);
  await repos.phoneNumbers.insertRecords(contents.numbers);
  // One write per target and time: associations made by one call share both.
  const batches = new Map<string, { target: AccountContents['associations'][number]['target']; at: Date; e164s: string[] }>();
  for (const association of contents.associations) {
    const key = `${association.target.kind} ${association.target.id} ${association.associatedAt.getTime()}`;
    const batch = batches.get(key) ?? { target: association.target, at: association.associatedAt, e164s: [] };
    batch.e164s.push(association.e164);
    batches.set(key, batch);
  }
  for (const batch of batches.values()) await repos.associations.associate(accountId, batch.e164s, batch.target, batch.at);
  const settings = contents.phoneNumberSettings;
  if (settings !== undefined) {
    const at = settings.callingNameUpdatedAt;
    await repos.phoneNumberSettings.put(accountId, { callingName: settings.callingName, at, unchangedSince: at });
  }
  if (contents.globalSettings !== undefined) await repos.globalSettings.put(accountId, contents.globalSettings);
}

function keysOf(contents: AccountContents) {
  return {
    orderIds: contents.orders.map((o) => o.id),
    voiceConnectorIds: contents.voiceConnectors.map((c) => c.id),
    voiceConnectorGroupIds: contents.voiceConnectorGroups.map((g) => g.id),
    sipMediaApplicationIds: contents.sipMediaApplications.map((a) => a.id),
    sipRuleIds: contents.sipRules.map((r) => r.id),
    sipRuleTriggers: contents.sipRules.map((r) => ({ type: r.triggerType, value: r.triggerValue })),
    voiceProfileDomainIds: contents.voiceProfileDomains.map((d) => d.id),
    proxySessionIds: contents.proxySessions.map((p) => p.id),
    voiceProfileIds: contents.voiceProfiles.map((p) => p.id),
    voiceAnalyticsTaskIds: contents.voiceAnalyticsTasks.map((t) => t.id),
    ownedNumbers: contents.numbers.filter((n) => n.active !== false).map((n) => n.e164),
    associatedNumbers: contents.associations.map((a) => a.e164),
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
