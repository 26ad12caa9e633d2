/**
 * Everything an account holds that its API callers can observe, as the domain names it: what `dialtone export` reads
 * and `dialtone import` writes. Internal state stays out: fulfilment jobs (an import schedules one for each order
 * still `Processing`), the invocation ids of retried creates, the account's limits and keys. So do what the API no
 * longer shows at the time of the reading: expired voice profiles, voice analytics tasks past their day.
 */
import type { Order } from '../domain/orders/order.ts';
import type { OwnedNumber } from '../domain/phone-numbers/phone-number.ts';
import type { AssociationReader, NumberAssociation } from '../domain/ports/associations.ts';
import type { GlobalSettings, GlobalSettingsRepository } from '../domain/ports/global-settings.ts';
import type { OrderBook, OrderCursor } from '../domain/ports/orders.ts';
import type { NumberRecords } from '../domain/ports/phone-numbers.ts';
import type { ProxySessionRepository } from '../domain/ports/proxy-sessions.ts';
import type { PhoneNumberSettings, PhoneNumberSettingsRepository } from '../domain/ports/settings.ts';
import type { SipMediaApplicationRepository, SipRuleRepository } from '../domain/ports/sip.ts';
import type { CreationCursor, VoiceConnectorGroupRepository, VoiceConnectorRepository } from '../domain/ports/voice-connectors.ts';
import type { VoiceAnalyticsTaskRepository } from '../domain/ports/voice-analytics-tasks.ts';
import type { VoiceProfileDomainRepository } from '../domain/ports/voice-profile-domains.ts';
import type { VoiceProfileRepository } from '../domain/ports/voice-profiles.ts';
import type { ProxySession } from '../domain/proxy-sessions/proxy-session.ts';
import type { SipMediaApplication, SipMediaApplicationLogging, SipRule } from '../domain/sip/sip.ts';
import { retentionStart, type VoiceAnalyticsTask } from '../domain/voice-analytics/voice-analytics-task.ts';
import type { VoiceProfile } from '../domain/voice-analytics/voice-profile.ts';
import type { VoiceConnector, VoiceConnectorGroup } from '../domain/voice-connectors/voice-connector.ts';
import type { VoiceConnectorSettings } from '../domain/voice-connectors/voice-connector-settings.ts';
import type { VoiceProfileDomain } from '../domain/voice-profile-domains/voice-profile-domain.ts';
import { byCodeUnit } from '../shared/code-unit-order.ts';

export interface AccountContents {
  accountId: string;
  /** Every order, by (createdAt, id) as they are listed. */
  orders: Order[];
  /** Every number record, owned or not, by number, each number's records oldest first (its last is its newest). */
  numbers: OwnedNumber[];
  /** The account-wide settings, when they were ever set. */
  phoneNumberSettings?: PhoneNumberSettings;
  /** The account's global settings, when they were ever updated. */
  globalSettings?: GlobalSettings;
  voiceConnectors: VoiceConnector[];
  /** The SIP trunk settings of each connector that has any, in the connectors' order. */
  voiceConnectorSettings: { voiceConnectorId: string; settings: VoiceConnectorSettings }[];
  voiceConnectorGroups: VoiceConnectorGroup[];
  sipMediaApplications: SipMediaApplication[];
  /** The logging configuration of each application that has one, in the applications' order. */
  sipMediaApplicationLogging: { sipMediaApplicationId: string; logging: SipMediaApplicationLogging }[];
  sipRules: SipRule[];
  /** The voice profile domains of every region, by (createdAt, id). */
  voiceProfileDomains: VoiceProfileDomain[];
  /** Every proxy session, open or closed, in the connectors' order, each connector's by (createdAt, id). */
  proxySessions: ProxySession[];
  /** The voice profiles not expired at the reading, in the domains' order, each domain's by (createdAt, id). */
  voiceProfiles: VoiceProfile[];
  /** The speaker searches and voice tone analyses still known at the reading (a day), by (createdAt, id). */
  voiceAnalyticsTasks: VoiceAnalyticsTask[];
  /** The association of every number that has one, by number. */
  associations: NumberAssociation[];
}

/** The repositories the contents are read from. */
export interface ContentSources {
  orders: Pick<OrderBook, 'list'>;
  phoneNumbers: Pick<NumberRecords, 'recordPages'>;
  associations: AssociationReader;
  phoneNumberSettings: Pick<PhoneNumberSettingsRepository, 'get'>;
  globalSettings: Pick<GlobalSettingsRepository, 'get'>;
  voiceConnectors: Pick<VoiceConnectorRepository, 'list' | 'settingsOf'>;
  voiceConnectorGroups: Pick<VoiceConnectorGroupRepository, 'list'>;
  sipMediaApplications: Pick<SipMediaApplicationRepository, 'list' | 'loggingOf'>;
  sipRules: Pick<SipRuleRepository, 'list'>;
  voiceProfileDomains: Pick<VoiceProfileDomainRepository, 'list'>;
  proxySessions: Pick<ProxySessionRepository, 'list'>;
  voiceProfiles: Pick<VoiceProfileRepository, 'list'>;
  voiceAnalyticsTasks: Pick<VoiceAnalyticsTaskRepository, 'list'>;
}

/** Items per page while reading. */
const PAGE = 500;

/** What an export writes besides the orders, the numbers' records and their associations, which it reads as it writes them. */
export type AccountParts = Omit<AccountContents, 'orders' | 'numbers' | 'associations'>;

/** Every order of the account, by (createdAt, id) as they are listed, read a page at a time as they are asked for. */
export async function* ordersOf(repos: Pick<ContentSources, 'orders'>, accountId: string): AsyncGenerator<Order> {
  yield* pages<Order, OrderCursor>((after) => repos.orders.list(accountId, { limit: PAGE, ...(after && { after }) }));
}

/**
 * Every record of the account's numbers, owned or not, by number (code unit order), each number's records oldest
 * first, read a page at a time as they are asked for. Each owned number (one with an active record) is added to
 * `owned` as its records go by, in the same order, for {@link associationsOf} once they have all gone by.
 * @throws Error when the database gives them in another order
 */
export async function* numberRecords(repos: Pick<ContentSources, 'phoneNumbers'>, accountId: string, owned: string[]): AsyncGenerator<OwnedNumber> {
  let previous: string | undefined;
  for await (const page of repos.phoneNumbers.recordPages(accountId)) {
    for (const record of page) {
      if (previous !== undefined && byCodeUnit(record.e164, previous) < 0) throw new Error(`number records out of order: ${record.e164} after ${previous}`);
      previous = record.e164;
      if (record.active !== false && owned[owned.length - 1] !== record.e164) owned.push(record.e164);
      yield record;
    }
  }
}

/** The associations of the `owned` numbers (in code unit order) that have one, by number. */
export async function associationsOf(repos: Pick<ContentSources, 'associations'>, accountId: string, owned: readonly string[]): Promise<NumberAssociation[]> {
  return [...(await repos.associations.associationsOf(accountId, owned)).values()].sort((a, b) => byCodeUnit(a.e164, b.e164));
}

/**
 * What the account holds as the API shows it at `now` (which decides what has expired), but the orders, the numbers'
 * records and their associations; call it inside one snapshot, so that the parts agree.
 */
export async function readAccountParts(repos: ContentSources, accountId: string, now: Date): Promise<AccountParts> {
  const settings = await repos.phoneNumberSettings.get(accountId);
  const globalSettings = await repos.globalSettings.get(accountId);
  const byCreation = <T extends { createdAt: Date; id: string }>(list: (after: CreationCursor | undefined) => Promise<T[]>) => allPages(list);
  const voiceConnectors = await byCreation((after) => repos.voiceConnectors.list(accountId, { limit: PAGE, ...(after && { after }) }));
  const voiceConnectorSettings: AccountContents['voiceConnectorSettings'] = [];
  for (const connector of voiceConnectors) {
    const trunk = await repos.voiceConnectors.settingsOf(accountId, connector.id);
    if (trunk !== undefined && (trunk.credentials.length > 0 || [trunk.origination, trunk.termination, trunk.logging, trunk.streaming, trunk.emergencyCalling, trunk.proxy, trunk.externalSystems].some((x) => x !== undefined))) {
      voiceConnectorSettings.push({ voiceConnectorId: connector.id, settings: trunk });
    }
  }
  const sipMediaApplications = await byCreation((after) => repos.sipMediaApplications.list(accountId, { limit: PAGE, ...(after && { after }) }));
  const sipMediaApplicationLogging: AccountContents['sipMediaApplicationLogging'] = [];
  for (const application of sipMediaApplications) {
    const logging = await repos.sipMediaApplications.loggingOf(accountId, application.id);
    if (logging) sipMediaApplicationLogging.push({ sipMediaApplicationId: application.id, logging });
  }
  const proxySessions: ProxySession[] = [];
  for (const connector of voiceConnectors) {
    const scope = { accountId, voiceConnectorId: connector.id };
    // Without `open`, a listing holds every session whatever the time: `now` is not read.
    proxySessions.push(...(await byCreation((after) => repos.proxySessions.list(scope, { now: new Date(0), limit: PAGE, ...(after && { after }) }))));
  }
  const voiceProfileDomains = await byCreation((after) => repos.voiceProfileDomains.list(accountId, { limit: PAGE, ...(after && { after }) }));
  const voiceProfiles: VoiceProfile[] = [];
  for (const domain of voiceProfileDomains) {
    // A profile is listed in its domain's region, as the API lists it; the listing leaves out those expired at `now`.
    const scope = { accountId, region: domain.region };
    voiceProfiles.push(...(await byCreation((after) => repos.voiceProfiles.list(scope, domain.id, { now, limit: PAGE, ...(after && { after }) }))));
  }
  const since = retentionStart(now);
  const voiceAnalyticsTasks = await byCreation((after) => repos.voiceAnalyticsTasks.list(accountId, { since, limit: PAGE, ...(after && { after }) }));
  return {
    accountId,
    ...(settings !== undefined && { phoneNumberSettings: settings }),
    ...(globalSettings !== undefined && { globalSettings }),
    voiceConnectors,
    voiceConnectorSettings,
    voiceConnectorGroups: await byCreation((after) => repos.voiceConnectorGroups.list(accountId, { limit: PAGE, ...(after && { after }) })),
    sipMediaApplications,
    sipMediaApplicationLogging,
    sipRules: await byCreation((after) => repos.sipRules.list(accountId, { limit: PAGE, ...(after && { after }) })),
    voiceProfileDomains,
    proxySessions,
    voiceProfiles,
    voiceAnalyticsTasks,
  };
}

/** Every page of a keyset listing by (createdAt, id). */
async function allPages<T extends { createdAt: Date; id: string }, C extends { createdAt: Date; id: string } = CreationCursor>(
  list: (after: C | undefined) => Promise<T[]>,
): Promise<T[]> {
  const out: T[] = [];
  for await (const item of pages(list)) out.push(item);
  return out;
}

/** The items of every page of a keyset listing by (createdAt, id), each page read when the one before is through. */
async function* pages<T extends { createdAt: Date; id: string }, C extends { createdAt: Date; id: string } = CreationCursor>(
  list: (after: C | undefined) => Promise<T[]>,
): AsyncGenerator<T> {
  let after: C | undefined;
  for (;;) {
    const page = await list(after);
    yield* page;
    const last = page[page.length - 1];
    if (page.length < PAGE || last === undefined) return;
    after = { createdAt: last.createdAt, id: last.id } as C;
  }
}
