import type { TagService } from '../domain/tags/tag-service.ts';
import type { VoiceHandler } from './voice-handler.ts';

/** `POST /tags?operation=untag-resource` → 204: removes the tags of `TagKeys` (keys the resource lacks are ignored). */
export function untagResource(tags: TagService): VoiceHandler<'UntagResource'> {
  return async (input, context) => {
    await tags.untag(context.accountId, input.ResourceARN, input.TagKeys);
  };
}
