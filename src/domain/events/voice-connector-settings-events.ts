/**
 * `Voice Connector Settings Changed`: a put or delete of a voice connector's origination, termination, logging,
 * streaming, emergency calling, proxy or external systems configuration, or a change of its termination credentials.
 * The detail names the connector (`VoiceConnectorId`, `VoiceConnectorArn`) and the `Setting` (`Origination`,
 * `Termination`, `TerminationCredentials`, `LoggingConfiguration`, `StreamingConfiguration`,
 * `EmergencyCallingConfiguration`, `Proxy` or `ExternalSystemsConfiguration`), with the setting as it now is, in the
 * API's member of the same name (absent once deleted), or `Usernames` (never a password). The operations answer the
 * settings with the same mappers.
 */
import type { IdSource } from '../shared/ids.ts';
import { voiceConnectorArn, type VoiceConnector } from '../voice-connectors/voice-connector.ts';
import type {
  LoggingConfiguration,
  NotificationTarget,
  Origination,
  OriginationRoute,
  StreamingConfiguration,
  Termination,
} from '../voice-connectors/voice-connector-settings.ts';
import type { EmergencyCalling } from '../voice-connectors/emergency-calling.ts';
import type { ProxyConfiguration } from '../voice-connectors/proxy.ts';
import type { ExternalSystemsConfiguration } from '../voice-connectors/external-systems.ts';
import type { NewEvent } from './event.ts';

export type SettingChange =
  | { setting: 'Origination'; origination?: Origination }
  | { setting: 'Termination'; termination?: Termination }
  | { setting: 'TerminationCredentials'; usernames: string[] }
  | { setting: 'LoggingConfiguration'; logging: LoggingConfiguration }
  | { setting: 'StreamingConfiguration'; streaming?: StreamingConfiguration }
  | { setting: 'EmergencyCallingConfiguration'; emergencyCalling?: EmergencyCalling }
  | { setting: 'Proxy'; proxy?: ProxyConfiguration }
  | { setting: 'ExternalSystemsConfiguration'; externalSystems?: ExternalSystemsConfiguration };

/** The API's `Origination` (the members every route has here). */
export interface OriginationDetail {
  Routes: { Host: string; Port: number; Protocol: OriginationRoute['protocol']; Priority: number; Weight: number }[];
  Disabled: boolean;
}

/** The API's `Termination`. */
export interface TerminationDetail {
  CpsLimit: number;
  DefaultPhoneNumber?: string;
  CallingRegions: string[];
  CidrAllowedList: string[];
  Disabled: boolean;
}

/** The API's `Origination`, from the domain's (the operations answer it, the event carries it). */
export function originationDetail(origination: Origination): OriginationDetail {
  return {
    Routes: origination.routes.map((route) => ({ Host: route.host, Port: route.port, Protocol: route.protocol, Priority: route.priority, Weight: route.weight })),
    Disabled: origination.disabled,
  };
}

/** The API's `Termination`, from the domain's. */
export function terminationDetail(termination: Termination): TerminationDetail {
  return {
    CpsLimit: termination.cpsLimit,
    ...(termination.defaultPhoneNumber !== undefined && { DefaultPhoneNumber: termination.defaultPhoneNumber }),
    CallingRegions: [...termination.callingRegions],
    CidrAllowedList: [...termination.cidrAllowedList],
    Disabled: termination.disabled,
  };
}

/** The API's `LoggingConfiguration`. */
export interface LoggingDetail {
  EnableSIPLogs: boolean;
  EnableMediaMetricLogs: boolean;
}

export function loggingDetail(logging: LoggingConfiguration): LoggingDetail {
  return { EnableSIPLogs: logging.enableSipLogs, EnableMediaMetricLogs: logging.enableMediaMetricLogs };
}

/** The API's `StreamingConfiguration`. */
export interface StreamingDetail {
  DataRetentionInHours: number;
  Disabled: boolean;
  StreamingNotificationTargets?: { NotificationTarget: NotificationTarget }[];
  MediaInsightsConfiguration?: { Disabled?: boolean; ConfigurationArn?: string };
}

export function streamingDetail(streaming: StreamingConfiguration): StreamingDetail {
  const insights = streaming.mediaInsights;
  return {
    DataRetentionInHours: streaming.dataRetentionInHours,
    Disabled: streaming.disabled,
    ...(streaming.notificationTargets !== undefined && {
      StreamingNotificationTargets: streaming.notificationTargets.map((target) => ({ NotificationTarget: target })),
    }),
    ...(insights !== undefined && {
      MediaInsightsConfiguration: {
        ...(insights.disabled !== undefined && { Disabled: insights.disabled }),
        ...(insights.configurationArn !== undefined && { ConfigurationArn: insights.configurationArn }),
      },
    }),
  };
}

/** The API's `EmergencyCallingConfiguration`. */
export interface EmergencyCallingDetail {
  DNIS: { EmergencyPhoneNumber: string; TestPhoneNumber?: string; CallingCountry: string }[];
}

export function emergencyCallingDetail(configuration: EmergencyCalling): EmergencyCallingDetail {
  return {
    DNIS: configuration.dnis.map((entry) => ({
      EmergencyPhoneNumber: entry.emergencyPhoneNumber,
      ...(entry.testPhoneNumber !== undefined && { TestPhoneNumber: entry.testPhoneNumber }),
      CallingCountry: entry.callingCountry,
    })),
  };
}

/** The API's `Proxy` (its countries are `PhoneNumberCountries` there, `PhoneNumberPoolCountries` in the put). */
export interface ProxyDetail {
  DefaultSessionExpiryMinutes: number;
  Disabled: boolean;
  FallBackPhoneNumber?: string;
  PhoneNumberCountries: string[];
}

export function proxyDetail(proxy: ProxyConfiguration): ProxyDetail {
  return {
    DefaultSessionExpiryMinutes: proxy.defaultSessionExpiryMinutes,
    Disabled: proxy.disabled,
    ...(proxy.fallBackPhoneNumber !== undefined && { FallBackPhoneNumber: proxy.fallBackPhoneNumber }),
    PhoneNumberCountries: [...proxy.phoneNumberCountries],
  };
}

/** The API's `ExternalSystemsConfiguration`: each list when it was given. */
export function externalSystemsDetail(configuration: ExternalSystemsConfiguration): { SessionBorderControllerTypes?: string[]; ContactCenterSystemTypes?: string[] } {
  return {
    ...(configuration.sessionBorderControllerTypes !== undefined && { SessionBorderControllerTypes: [...configuration.sessionBorderControllerTypes] }),
    ...(configuration.contactCenterSystemTypes !== undefined && { ContactCenterSystemTypes: [...configuration.contactCenterSystemTypes] }),
  };
}

export function voiceConnectorSettingsChanged(
  ids: IdSource,
  connector: Pick<VoiceConnector, 'id' | 'accountId' | 'awsRegion'>,
  change: SettingChange,
  at: Date,
): NewEvent {
  const setting = settingDetail(change);
  return {
    id: ids.uuid(),
    accountId: connector.accountId,
    type: 'Voice Connector Settings Changed',
    at,
    resources: [{ kind: 'vc', id: connector.id }],
    detail: { VoiceConnectorId: connector.id, VoiceConnectorArn: voiceConnectorArn(connector), Setting: change.setting, ...setting },
  };
}

/** The setting as the API names it, as it is after the change (nothing for one deleted; never a password). */
function settingDetail(change: SettingChange): Record<string, unknown> | undefined {
  switch (change.setting) {
    case 'Origination':
      return change.origination && { Origination: originationDetail(change.origination) };
    case 'Termination':
      return change.termination && { Termination: terminationDetail(change.termination) };
    case 'TerminationCredentials':
      return { Usernames: [...change.usernames] };
    case 'LoggingConfiguration':
      return { LoggingConfiguration: loggingDetail(change.logging) };
    case 'StreamingConfiguration':
      return change.streaming && { StreamingConfiguration: streamingDetail(change.streaming) };
    case 'EmergencyCallingConfiguration':
      return change.emergencyCalling && { EmergencyCallingConfiguration: emergencyCallingDetail(change.emergencyCalling) };
    case 'Proxy':
      return change.proxy && { Proxy: proxyDetail(change.proxy) };
    case 'ExternalSystemsConfiguration':
      return change.externalSystems && { ExternalSystemsConfiguration: externalSystemsDetail(change.externalSystems) };
  }
}
