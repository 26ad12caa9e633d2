import type { VoiceConnectorAwsRegion } from '../generated/chime-sdk-voice.ts';
import type { VoiceHandler } from './voice-handler.ts';

/**
 * `GET /voice-connector-regions`: every value of the answering model's `VoiceConnectorAwsRegion` enum, in model order
 * (read from the shape of `VoiceConnectorRegions`, so a newer model lists its new regions without a code change).
 */
export function listAvailableVoiceConnectorRegions(): VoiceHandler<'ListAvailableVoiceConnectorRegions'> {
  return async (_input, context) => {
    const { service, operation } = context;
    const list = operation.output?.members.VoiceConnectorRegions;
    const listShape = list === undefined ? undefined : service.shape(list.shape);
    const region = listShape?.type === 'list' ? service.shape(listShape.member.shape) : undefined;
    if (region?.type !== 'string' || region.enum === undefined) throw new Error(`${operation.name}: the model names no region enum`);
    return { VoiceConnectorRegions: [...region.enum] as VoiceConnectorAwsRegion[] };
  };
}
