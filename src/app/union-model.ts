/**
 * The union of the legacy Chime and the Chime SDK Voice models (src/protocol/merge-models.ts), which answers the
 * clients that do not say which API they speak (src/gateway/api-selector.ts): the default API, so the one a server
 * compiles for its first request. The server's bundle reads it as scripts/build.mjs wrote it beside the bundle
 * (`dist/data/models-union.json`, the same union computed at build time) instead of merging the two models at start,
 * and neither model's JSON is parsed until a request selects that model (docs/performance.md, the forty-third round).
 */
import type { ServiceModel } from '../protocol/model-types.ts';
import { mergeModels } from '../protocol/merge-models.ts';

/** The union's own metadata (the rest is the legacy model's). */
export const UNION_METADATA: Partial<ServiceModel['metadata']> = {
  endpointPrefix: 'chime+voice-chime',
  serviceFullName: 'Amazon Chime and Amazon Chime SDK Voice',
  uid: 'chime-2018-05-01+chime-sdk-voice-2022-08-03',
};

/**
 * The union of the two models that `load` gives (the legacy model first). The bundle's version of this module reads
 * the union that the build computed and does not call `load`.
 */
export function unionModel(load: () => readonly [chime: ServiceModel, voice: ServiceModel]): ServiceModel {
  const [chime, voice] = load();
  return mergeModels(chime, voice, UNION_METADATA);
}
