/**
 * The events of voice connectors, voice connector groups, SIP media applications, SIP rules, voice profile domains,
 * voice profiles and proxy sessions:
 * created, updated, deleted. The detail is the resource as the Chime SDK Voice API returns it (every member of its
 * shape, timestamps as ISO 8601 text); an update's detail also has `Changes`: for each member whose value the update changed, its
 * `Previous` and `Current` value (`UpdatedTimestamp` is not listed: every update moves it). A deletion's detail is the
 * resource as it last was.
 */
import { changesBetween } from './changes.ts';
import type { IdSource } from '../shared/ids.ts';
import { sipMediaApplicationArn, type SipMediaApplication, type SipRule } from '../sip/sip.ts';
import { outboundHostName, voiceConnectorArn, voiceConnectorGroupArn, type VoiceConnector, type VoiceConnectorGroup } from '../voice-connectors/voice-connector.ts';
import { voiceProfileDomainArn, type VoiceProfileDomain } from '../voice-profile-domains/voice-profile-domain.ts';
import type { ProxySession } from '../proxy-sessions/proxy-session.ts';
import { voiceProfileArn, type VoiceProfile } from '../voice-analytics/voice-profile.ts';
import type { NewEvent } from './event.ts';
import type { EventType } from './event-types.ts';
import { isoText } from '../../shared/iso-text.ts';

/** What every resource of this file has. */
interface Resource {
  id: string;
  accountId: string;
  updatedAt: Date;
}

/** The three events of one kind of resource. */
export interface ResourceEvents<T extends Resource> {
  /** The resource as stored by its create. */
  created(ids: IdSource, resource: T): NewEvent;
  /** `before` and `after` the update (at `after.updatedAt`); `Changes` lists what differs. */
  updated(ids: IdSource, before: T, after: T): NewEvent;
  /** The resource as it was when deleted at `at`. */
  deleted(ids: IdSource, resource: T, at: Date): NewEvent;
}

/** The detail member that lists an update's changes. */
export const CHANGES = 'Changes';


function resourceEvents<T extends Resource>(
  kind: string,
  types: { created: EventType; updated: EventType; deleted: EventType },
  detailOf: (resource: T) => Record<string, unknown>,
): ResourceEvents<T> {
  const event = (ids: IdSource, type: EventType, resource: T, at: Date, detail: Record<string, unknown>): NewEvent => ({
    id: ids.uuid(),
    accountId: resource.accountId,
    type,
    at,
    resources: [{ kind, id: resource.id }],
    detail,
  });
  return {
    created: (ids, resource) => event(ids, types.created, resource, resource.updatedAt, detailOf(resource)),
    updated: (ids, before, after) => {
      const detail = detailOf(after);
      return event(ids, types.updated, after, after.updatedAt, { ...detail, [CHANGES]: changesBetween(detailOf(before), detail) });
    },
    deleted: (ids, resource, at) => event(ids, types.deleted, resource, at, detailOf(resource)),
  };
}

/** `Voice Connector Created/Updated/Deleted`; the detail is the API's `VoiceConnector`. */
export const voiceConnectorEvents = resourceEvents<VoiceConnector>(
  'vc',
  { created: 'Voice Connector Created', updated: 'Voice Connector Updated', deleted: 'Voice Connector Deleted' },
  (connector) => ({
    VoiceConnectorId: connector.id,
    AwsRegion: connector.awsRegion,
    Name: connector.name,
    OutboundHostName: outboundHostName(connector),
    RequireEncryption: connector.requireEncryption,
    CreatedTimestamp: isoText(connector.createdAt),
    UpdatedTimestamp: isoText(connector.updatedAt),
    VoiceConnectorArn: voiceConnectorArn(connector),
    ...(connector.integrationType !== undefined && { IntegrationType: connector.integrationType }),
    ...(connector.networkType !== undefined && { NetworkType: connector.networkType }),
  }),
);

/** `Voice Connector Group Created/Updated/Deleted`; the detail is the API's `VoiceConnectorGroup`. */
export const voiceConnectorGroupEvents = resourceEvents<VoiceConnectorGroup>(
  'vcg',
  { created: 'Voice Connector Group Created', updated: 'Voice Connector Group Updated', deleted: 'Voice Connector Group Deleted' },
  (group) => ({
    VoiceConnectorGroupId: group.id,
    Name: group.name,
    VoiceConnectorItems: group.items.map((item) => ({ VoiceConnectorId: item.voiceConnectorId, Priority: item.priority })),
    CreatedTimestamp: isoText(group.createdAt),
    UpdatedTimestamp: isoText(group.updatedAt),
    VoiceConnectorGroupArn: voiceConnectorGroupArn(group),
  }),
);

/** `SIP Media Application Created/Updated/Deleted`; the detail is the API's `SipMediaApplication`. */
export const sipMediaApplicationEvents = resourceEvents<SipMediaApplication>(
  'sma',
  { created: 'SIP Media Application Created', updated: 'SIP Media Application Updated', deleted: 'SIP Media Application Deleted' },
  (application) => ({
    SipMediaApplicationId: application.id,
    AwsRegion: application.awsRegion,
    Name: application.name,
    Endpoints: application.endpoints.map((endpoint) => ({ LambdaArn: endpoint.lambdaArn })),
    CreatedTimestamp: isoText(application.createdAt),
    UpdatedTimestamp: isoText(application.updatedAt),
    SipMediaApplicationArn: sipMediaApplicationArn(application),
  }),
);

/** `SIP Rule Created/Updated/Deleted`; the detail is the API's `SipRule`. */
export const sipRuleEvents = resourceEvents<SipRule>(
  'sip-rule',
  { created: 'SIP Rule Created', updated: 'SIP Rule Updated', deleted: 'SIP Rule Deleted' },
  (rule) => ({
    SipRuleId: rule.id,
    Name: rule.name,
    Disabled: rule.disabled,
    TriggerType: rule.triggerType,
    TriggerValue: rule.triggerValue,
    TargetApplications: rule.targets.map((target) => ({
      SipMediaApplicationId: target.sipMediaApplicationId,
      Priority: target.priority,
      AwsRegion: target.awsRegion,
    })),
    CreatedTimestamp: isoText(rule.createdAt),
    UpdatedTimestamp: isoText(rule.updatedAt),
  }),
);

/** `Voice Profile Domain Created/Updated/Deleted`; the detail is the API's `VoiceProfileDomain`. */
export const voiceProfileDomainEvents = resourceEvents<VoiceProfileDomain>(
  'voice-profile-domain',
  { created: 'Voice Profile Domain Created', updated: 'Voice Profile Domain Updated', deleted: 'Voice Profile Domain Deleted' },
  (domain) => ({
    VoiceProfileDomainId: domain.id,
    VoiceProfileDomainArn: voiceProfileDomainArn(domain),
    Name: domain.name,
    ...(domain.description !== undefined && { Description: domain.description }),
    ServerSideEncryptionConfiguration: { KmsKeyArn: domain.kmsKeyArn },
    CreatedTimestamp: isoText(domain.createdAt),
    UpdatedTimestamp: isoText(domain.updatedAt),
  }),
);

/**
 * `Proxy Session Created/Updated/Deleted`; the detail is the API's `ProxySession` but for `Status` and `EndedTimestamp`,
 * which time alone changes (a session is open until `CreatedTimestamp` plus `ExpiryMinutes`, and no event marks that).
 */
export const proxySessionEvents = resourceEvents<ProxySession>(
  'proxy-session',
  { created: 'Proxy Session Created', updated: 'Proxy Session Updated', deleted: 'Proxy Session Deleted' },
  (session) => ({
    VoiceConnectorId: session.voiceConnectorId,
    ProxySessionId: session.id,
    ...(session.name !== undefined && { Name: session.name }),
    ExpiryMinutes: session.expiryMinutes,
    Capabilities: [...session.capabilities],
    CreatedTimestamp: isoText(session.createdAt),
    UpdatedTimestamp: isoText(session.updatedAt),
    Participants: session.participants.map((p) => ({ PhoneNumber: p.phoneNumber, ProxyPhoneNumber: p.proxyPhoneNumber })),
    ...(session.numberSelectionBehavior !== undefined && { NumberSelectionBehavior: session.numberSelectionBehavior }),
    ...(session.geoMatchLevel !== undefined && { GeoMatchLevel: session.geoMatchLevel }),
    ...(session.geoMatchParams !== undefined && { GeoMatchParams: { Country: session.geoMatchParams.country, AreaCode: session.geoMatchParams.areaCode } }),
  }),
);

/**
 * `Voice Profile Created/Updated/Deleted`; the detail is the API's `VoiceProfile`. An update enrols a new voiceprint:
 * its `Changes` show the times it moves (the voiceprint is no member of the API).
 */
export const voiceProfileEvents = resourceEvents<VoiceProfile>(
  'voice-profile',
  { created: 'Voice Profile Created', updated: 'Voice Profile Updated', deleted: 'Voice Profile Deleted' },
  (profile) => ({
    VoiceProfileId: profile.id,
    VoiceProfileArn: voiceProfileArn(profile),
    VoiceProfileDomainId: profile.voiceProfileDomainId,
    CreatedTimestamp: isoText(profile.createdAt),
    UpdatedTimestamp: isoText(profile.updatedAt),
    ExpirationTimestamp: isoText(profile.expiresAt),
  }),
);
