import type { TagService } from '../domain/tags/tag-service.ts';
import type { VoiceHandler } from './voice-handler.ts';

/** `POST /tags?operation=tag-resource` → 204: adds `Tags` to the voice connector or SIP media application `ResourceARN` names. */
export function tagResource(tags: TagService): VoiceHandler<'TagResource'> {
  return async (input, context) => {
    await tags.tag(
      context.accountId,
      input.ResourceARN,
      input.Tags.map((tag) => ({ key: tag.Key, value: tag.Value })),
    );
  };
}
