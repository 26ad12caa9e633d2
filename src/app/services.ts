/** The domain services, each given only the repositories it uses. */
import type { Config } from '../config/config.ts';
import type { CallSpeakers } from '../domain/ports/call-speakers.ts';
import { GlobalSettingsService } from '../domain/global-settings/global-settings-service.ts';
import { InventoryService } from '../domain/inventory/inventory-service.ts';
import { createNumberingPlan } from '../domain/inventory/numbering-plan.ts';
import { planUniverse } from './numbering-plan-data.ts';
import { OrderService } from '../domain/orders/order-service.ts';
import { PhoneNumberService } from '../domain/phone-numbers/phone-number-service.ts';
import { PhoneNumberSettingsService } from '../domain/phone-numbers/phone-number-settings-service.ts';
import type { QuotaSource, SipQuotaSource, VoiceConnectorQuotaSource, VoiceProfileDomainQuotaSource } from '../domain/ports/quotas.ts';
import type { Clock } from '../domain/shared/clock.ts';
import type { IdSource } from '../domain/shared/ids.ts';
import type { PageTokens } from '../domain/shared/page-tokens.ts';
import { SipMediaApplicationService } from '../domain/sip/sip-media-application-service.ts';
import { SipRuleService } from '../domain/sip/sip-rule-service.ts';
import { TagService } from '../domain/tags/tag-service.ts';
import { NumberAssociationService } from '../domain/voice-connectors/number-association-service.ts';
import { VoiceConnectorGroupService } from '../domain/voice-connectors/voice-connector-group-service.ts';
import { VoiceConnectorService } from '../domain/voice-connectors/voice-connector-service.ts';
import { VoiceConnectorSettingsService } from '../domain/voice-connectors/voice-connector-settings-service.ts';
import { VoiceProfileDomainService } from '../domain/voice-profile-domains/voice-profile-domain-service.ts';
import { ProxySessionService } from '../domain/proxy-sessions/proxy-session-service.ts';
import { SipMediaApplicationCallService } from '../domain/sip/sip-media-application-call-service.ts';
import { VoiceAnalyticsTaskService } from '../domain/voice-analytics/voice-analytics-task-service.ts';
import { VoiceProfileService } from '../domain/voice-analytics/voice-profile-service.ts';
import { fairTurns } from '../shared/fair-turns.ts';
import { narrowed, type Storage } from '../storage/storage.ts';

export const DAY_MS = 24 * 60 * 60 * 1000;

export interface ServiceParts {
  config: Config;
  storage: Storage;
  clock: Clock;
  ids: IdSource;
  tokens: PageTokens;
  quotas: QuotaSource & VoiceConnectorQuotaSource & SipQuotaSource & VoiceProfileDomainQuotaSource;
  /** Called after a new order has committed (wakes the job worker). */
  onOrderCreated(): void;
  /** Runs a callback after the turn's pending I/O (fair turns' schedule; default `setImmediate`). */
  afterIo?: (callback: () => void) => void;
  /** Who speaks on calls' legs, as tests name them (test mode only). */
  speakers?: CallSpeakers;
}

export function domainServices({ config, storage, clock, ids, tokens, quotas, onOrderCreated, afterIo, speakers }: ServiceParts) {
  // One rotation for every request that works in slices (searches, associations, batches), so that together they take
  // one slice per turn of the event loop.
  const turns = fairTurns(afterIo);
  const inventory = new InventoryService({
    plan: createNumberingPlan({ pool: config.inventory.pool, universe: planUniverse }),
    phoneNumbers: storage.phoneNumbers,
    clock,
    tokens,
    agingMs: config.inventory.agingDays * DAY_MS,
    seed: config.inventory.searchSeed,
    turns,
  });
  const orders = new OrderService({
    orders: storage.orders,
    ...(storage.orderIntake ? { intake: storage.orderIntake } : {}),
    unitOfWork: narrowed(storage, (repos) => ({ orders: repos.orders, usage: repos.usage, jobs: repos.jobs, events: repos.events, orderInvocations: repos.orderInvocations })),
    clock,
    ids,
    tokens,
    limits: config.limits,
    quotas,
    onCreated: onOrderCreated,
    invocationWindowMs: config.orders.idempotencyWindowMs,
  });
  const phoneNumbers = new PhoneNumberService({
    phoneNumbers: storage.phoneNumbers,
    unitOfWork: narrowed(storage, (repos) => ({ phoneNumbers: repos.phoneNumbers, events: repos.events })),
    associations: storage.associations,
    clock,
    ids,
    tokens,
    deletionQueueMs: config.phoneNumbers.deletionQueueDays * DAY_MS,
    callingNamePropagationMs: config.phoneNumbers.callingNamePropagationMs,
    turns,
    maxBatchItems: config.limits.maxPhoneNumbersPerBatch,
  });
  const phoneNumberSettings = new PhoneNumberSettingsService({
    settings: storage.phoneNumberSettings,
    unitOfWork: narrowed(storage, (repos) => ({ phoneNumberSettings: repos.phoneNumberSettings, events: repos.events })),
    clock,
    ids,
  });
  const voiceConnectors = new VoiceConnectorService({
    voiceConnectors: storage.voiceConnectors,
    unitOfWork: connectorWrites(storage),
    clock,
    ids,
    tokens,
    quotas,
  });
  const voiceConnectorGroups = new VoiceConnectorGroupService({
    voiceConnectorGroups: storage.voiceConnectorGroups,
    unitOfWork: narrowed(storage, (repos) => ({
      voiceConnectors: repos.voiceConnectors,
      voiceConnectorGroups: repos.voiceConnectorGroups,
      associations: repos.associations,
      events: repos.events,
    })),
    clock,
    ids,
    tokens,
    quotas,
    maxVoiceConnectorsPerGroup: config.limits.maxVoiceConnectorsPerGroup,
  });
  const sipMediaApplications = new SipMediaApplicationService({
    sipMediaApplications: storage.sipMediaApplications,
    unitOfWork: narrowed(storage, (repos) => ({
      voiceConnectors: repos.voiceConnectors,
      sipMediaApplications: repos.sipMediaApplications,
      sipRules: repos.sipRules,
      events: repos.events,
    })),
    clock,
    ids,
    tokens,
    quotas,
  });
  const sipRules = new SipRuleService({
    sipRules: storage.sipRules,
    unitOfWork: narrowed(storage, (repos) => ({
      voiceConnectors: repos.voiceConnectors,
      sipMediaApplications: repos.sipMediaApplications,
      sipRules: repos.sipRules,
      phoneNumbers: repos.phoneNumbers,
      events: repos.events,
    })),
    clock,
    ids,
    tokens,
    quotas,
  });
  const numberAssociations = new NumberAssociationService({
    unitOfWork: associationWrites(storage),
    clock,
    ids,
    turns,
  });
  const voiceConnectorSettings = new VoiceConnectorSettingsService({
    voiceConnectors: storage.voiceConnectors,
    unitOfWork: narrowed(storage, (repos) => ({ voiceConnectors: repos.voiceConnectors, events: repos.events })),
    clock,
    ids,
  });
  const globalSettings = new GlobalSettingsService({
    globalSettings: storage.globalSettings,
    unitOfWork: narrowed(storage, (repos) => ({ globalSettings: repos.globalSettings, voiceConnectors: repos.voiceConnectors, events: repos.events })),
    clock,
    ids,
  });
  const voiceProfileDomains = new VoiceProfileDomainService({
    voiceProfileDomains: storage.voiceProfileDomains,
    unitOfWork: narrowed(storage, (repos) => ({
      voiceConnectors: repos.voiceConnectors,
      voiceProfileDomains: repos.voiceProfileDomains,
      voiceProfiles: repos.voiceProfiles,
      events: repos.events,
    })),
    clock,
    ids,
    tokens,
    quotas,
  });
  const proxySessions = new ProxySessionService({
    voiceConnectors: storage.voiceConnectors,
    proxySessions: storage.proxySessions,
    unitOfWork: narrowed(storage, (repos) => ({ voiceConnectors: repos.voiceConnectors, proxySessions: repos.proxySessions, events: repos.events })),
    clock,
    ids,
    tokens,
  });
  const sipMediaApplicationCalls = new SipMediaApplicationCallService({
    unitOfWork: narrowed(storage, (repos) => ({
      voiceConnectors: repos.voiceConnectors,
      sipMediaApplications: repos.sipMediaApplications,
      phoneNumbers: repos.phoneNumbers,
      sipMediaApplicationCalls: repos.sipMediaApplicationCalls,
      events: repos.events,
    })),
    clock,
    ids,
  });
  const voiceAnalyticsTasks = new VoiceAnalyticsTaskService({
    voiceConnectors: storage.voiceConnectors,
    voiceAnalyticsTasks: storage.voiceAnalyticsTasks,
    voiceProfiles: storage.voiceProfiles,
    unitOfWork: narrowed(storage, (repos) => ({
      voiceConnectors: repos.voiceConnectors,
      voiceProfileDomains: repos.voiceProfileDomains,
      voiceAnalyticsTasks: repos.voiceAnalyticsTasks,
      events: repos.events,
    })),
    clock,
    ids,
    ...(speakers && { speakers }),
  });
  const voiceProfiles = new VoiceProfileService({
    voiceProfileDomains: storage.voiceProfileDomains,
    voiceProfiles: storage.voiceProfiles,
    unitOfWork: narrowed(storage, (repos) => ({
      voiceConnectors: repos.voiceConnectors,
      voiceProfileDomains: repos.voiceProfileDomains,
      voiceAnalyticsTasks: repos.voiceAnalyticsTasks,
      voiceProfiles: repos.voiceProfiles,
      events: repos.events,
    })),
    clock,
    ids,
    tokens,
  });
  const tags = new TagService({
    resources: {
      voiceConnectors: storage.voiceConnectors,
      sipMediaApplications: storage.sipMediaApplications,
      voiceProfileDomains: storage.voiceProfileDomains,
    },
    unitOfWork: narrowed(storage, (repos) => ({
      voiceConnectors: repos.voiceConnectors,
      sipMediaApplications: repos.sipMediaApplications,
      voiceProfileDomains: repos.voiceProfileDomains,
      events: repos.events,
    })),
    clock,
    ids,
  });
  return { inventory, orders, phoneNumbers, phoneNumberSettings, voiceConnectors, voiceConnectorGroups, numberAssociations, sipMediaApplications, sipRules, voiceConnectorSettings, globalSettings, voiceProfileDomains, proxySessions, sipMediaApplicationCalls, voiceAnalyticsTasks, voiceProfiles, tags };
}

export type DomainServices = ReturnType<typeof domainServices>;

/** What the voice connector service writes in its transactions. */
export function connectorWrites(storage: Storage) {
  return narrowed(storage, (repos) => ({
    voiceConnectors: repos.voiceConnectors,
    voiceConnectorGroups: repos.voiceConnectorGroups,
    associations: repos.associations,
    sipRules: repos.sipRules,
    events: repos.events,
  }));
}

/** What an association call writes in its transaction (`AssociationWrites`). */
export function associationWrites(storage: Storage) {
  return narrowed(storage, (repos) => ({
    voiceConnectors: repos.voiceConnectors,
    voiceConnectorGroups: repos.voiceConnectorGroups,
    associations: repos.associations,
    phoneNumbers: repos.phoneNumbers,
    events: repos.events,
  }));
}
