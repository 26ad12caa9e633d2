/**
 * Handlers typed from the chime-sdk-voice model, for the operations whose legacy shapes are a subset of the voice ones
 * (the voice connector operations: legacy chime 2018-05-01 has the same members minus `Tags`, `IntegrationType` and
 * `NetworkType`, and a shorter `AwsRegion` enum) or that only voice has (`ListAvailableVoiceConnectorRegions`). One
 * such handler answers either model: the request was validated by its own model, and the serializer writes only the
 * members that model has. (`either-model.ts` types the other handlers, whose outputs keep the legacy enums.)
 */
import type { ChimeSdkVoiceOperationName, ChimeSdkVoiceOperations } from '../generated/chime-sdk-voice.ts';
import { toOperationError } from './errors.ts';
import type { ChimeHandlers, RequestContext } from './handler.ts';

export type VoiceHandler<K extends ChimeSdkVoiceOperationName> = (
  input: ChimeSdkVoiceOperations[K]['input'],
  context: RequestContext,
) => Promise<ChimeSdkVoiceOperations[K]['output']>;

export type VoiceHandlers = { [K in ChimeSdkVoiceOperationName]?: VoiceHandler<K> };

/**
 * The handlers as the gateway looks them up (by operation name), each answering domain refusals with the errors its
 * operation's model lists (see {@link toOperationError}). The one place where voice typing meets the legacy-typed
 * handler table: an answer may carry voice-only values (an `AwsRegion` the legacy enum lacks), which the legacy
 * serializer writes as the strings they are.
 */
export function servedByEitherModel(handlers: VoiceHandlers): ChimeHandlers {
  const served: Record<string, (input: never, context: RequestContext) => Promise<unknown>> = {};
  for (const [name, handler] of Object.entries(handlers) as [string, (input: never, context: RequestContext) => Promise<unknown>][]) {
    served[name] = async (input, context) => {
      try {
        return await handler(input, context);
      } catch (error) {
        throw toOperationError(error, context);
      }
    };
  }
  return served as ChimeHandlers;
}
