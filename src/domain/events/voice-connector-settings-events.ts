/**
 * `Voice Connector Settings Changed`: a put or delete of a voice connector's origination or termination, or a change of
 * its termination credentials. The detail names the connector (`VoiceConnectorId`, `VoiceConnectorArn`) and the
 * `Setting` (`Origination`, `Termination` or `TerminationCredentials`), with the setting as it now is, in the API's
 * members: `Origination` or `Termination` (absent once deleted), or `Usernames` (never a password).
 */
import type { IdSource } from '../shared/ids.ts';
import { voiceConnectorArn, type VoiceConnector } from '../voice-connectors/voice-connector.ts';
import type { Origination, OriginationRoute, Termination } from '../voice-connectors/voice-connector-settings.ts';
import type { NewEvent } from './event.ts';

export type SettingChange =
  | { setting: 'Origination'; origination?: Origination }
  | { setting: 'Termination'; termination?: Termination }
  | { setting: 'TerminationCredentials'; usernames: string[] };

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

export function voiceConnectorSettingsChanged(
  ids: IdSource,
  connector: Pick<VoiceConnector, 'id' | 'accountId' | 'awsRegion'>,
  change: SettingChange,
  at: Date,
): NewEvent {
  const setting =
    change.setting === 'Origination'
      ? change.origination && { Origination: originationDetail(change.origination) }
      : change.setting === 'Termination'
        ? change.termination && { Termination: terminationDetail(change.termination) }
        : { Usernames: [...change.usernames] };
  return {
    id: ids.uuid(),
    accountId: connector.accountId,
    type: 'Voice Connector Settings Changed',
    at,
    resources: [{ kind: 'vc', id: connector.id }],
    detail: { VoiceConnectorId: connector.id, VoiceConnectorArn: voiceConnectorArn(connector), Setting: change.setting, ...setting },
  };
}
