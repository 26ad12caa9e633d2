import type { TagService } from '../domain/tags/tag-service.ts';
import type { VoiceHandler } from './voice-handler.ts';

/** `GET /tags?arn=…` → the resource's `Tags` in the order they were added (an empty list when it has none). */
export function listTagsForResource(tags: TagService): VoiceHandler<'ListTagsForResource'> {
  return async (input, context) => {
    const found = await tags.list(context.accountId, input.ResourceARN);
    return { Tags: found.map((tag) => ({ Key: tag.key, Value: tag.value })) };
  };
}
