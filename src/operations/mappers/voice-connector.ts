/** Domain voice connectors and groups ↔ the model's `VoiceConnector`, `VoiceConnectorGroup` and `VoiceConnectorItem`. */
import type * as Voice from '../../generated/chime-sdk-voice.ts';
import {
  outboundHostName,
  voiceConnectorArn,
  voiceConnectorGroupArn,
  type VoiceConnector,
  type VoiceConnectorGroup,
  type VoiceConnectorItem,
} from '../../domain/voice-connectors/voice-connector.ts';

/** Every member of the voice shape; the legacy serializer leaves out `IntegrationType` and `NetworkType`. */
export function toVoiceConnector(connector: VoiceConnector): Voice.VoiceConnector {
  return {
    VoiceConnectorId: connector.id,
    AwsRegion: connector.awsRegion as Voice.VoiceConnectorAwsRegion,
    Name: connector.name,
    OutboundHostName: outboundHostName(connector),
    RequireEncryption: connector.requireEncryption,
    CreatedTimestamp: connector.createdAt,
    UpdatedTimestamp: connector.updatedAt,
    VoiceConnectorArn: voiceConnectorArn(connector),
    IntegrationType: connector.integrationType as Voice.VoiceConnectorIntegrationType | undefined,
    NetworkType: connector.networkType as Voice.NetworkType | undefined,
  };
}

export function toVoiceConnectorGroup(group: VoiceConnectorGroup): Voice.VoiceConnectorGroup {
  return {
    VoiceConnectorGroupId: group.id,
    Name: group.name,
    VoiceConnectorItems: group.items.map((item) => ({ VoiceConnectorId: item.voiceConnectorId, Priority: item.priority })),
    CreatedTimestamp: group.createdAt,
    UpdatedTimestamp: group.updatedAt,
    VoiceConnectorGroupArn: voiceConnectorGroupArn(group),
  };
}

/** The model's `VoiceConnectorItems` (absent = none) → domain items, in the order given. */
export function fromVoiceConnectorItems(items: Voice.VoiceConnectorItemList | undefined): VoiceConnectorItem[] {
  return (items ?? []).map((item) => ({ voiceConnectorId: item.VoiceConnectorId, priority: item.Priority }));
}
