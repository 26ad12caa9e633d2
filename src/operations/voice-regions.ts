import type { CompiledService } from '../protocol/service.ts';

/**
 * The AWS Regions of voice resources in the request's model: the values of its `VoiceConnectorAwsRegion` enum, the list
 * `CreateVoiceConnector` and `ListAvailableVoiceConnectorRegions` use. A SIP media application's `AwsRegion` (a plain
 * string in the model) must be one of them.
 * @throws Error when the model has no such enum
 */
export function voiceRegions(service: Pick<CompiledService, 'model'>): readonly string[] {
  const region = service.model.shapes.VoiceConnectorAwsRegion;
  if (region?.type !== 'string' || region.enum === undefined) throw new Error('the model names no VoiceConnectorAwsRegion enum');
  return region.enum;
}
