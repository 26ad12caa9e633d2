/**
 * The rules of tags that need no storage, as AWS applies them to its resources: a key at most once per resource, no
 * key that begins with `aws:` (AWS reserves the prefix, in any case), at most {@link MAX_TAGS_PER_RESOURCE} tags on a
 * resource. Adding a key the resource has replaces its value where it stands; removing a key it lacks does nothing.
 * Keys and values are sensitive in the model: no message echoes them.
 */
import { DomainError } from '../shared/domain-error.ts';
import type { Tag } from '../voice-connectors/voice-connector.ts';

export type { Tag };

/** The most tags one resource may have (the Chime SDK's documented limit). */
export const MAX_TAGS_PER_RESOURCE = 50;

const RESERVED_PREFIX = 'aws:';

/**
 * Tags as given to a create or to `TagResource`: each key once, none reserved.
 * @throws DomainError `invalid`
 */
export function checkTags(tags: readonly Tag[]): void {
  checkTagKeys(tags.map((tag) => tag.key), 'tag');
  const keys = new Set<string>();
  for (const [index, tag] of tags.entries()) {
    if (keys.has(tag.key)) throw new DomainError('invalid', `Each tag key may be given once; tag ${index + 1} repeats the key of an earlier tag`);
    keys.add(tag.key);
  }
}

/**
 * Keys as given to `UntagResource` (or the keys of tags, `what` naming them): none reserved. A key given twice is
 * removed once.
 * @throws DomainError `invalid`
 */
export function checkTagKeys(keys: readonly string[], what = 'tag key'): void {
  for (const [index, key] of keys.entries()) {
    if (key.slice(0, RESERVED_PREFIX.length).toLowerCase() === RESERVED_PREFIX) {
      throw new DomainError('invalid', `The key of ${what} ${index + 1} begins with "aws:", a prefix AWS reserves for its own tags`);
    }
  }
}

/** Tags after a change, and the keys whose value the change added, replaced or removed (in the order given). */
export interface TagChange {
  tags: Tag[];
  changedKeys: string[];
}

/**
 * `current` with `added` applied: a new key goes last, a key already there takes the new value in its place.
 * @throws DomainError `limit-exceeded` when the resource would have more than {@link MAX_TAGS_PER_RESOURCE} tags
 */
export function addTags(current: readonly Tag[], added: readonly Tag[]): TagChange {
  const tags = current.map((tag) => ({ key: tag.key, value: tag.value }));
  const at = new Map(tags.map((tag, index) => [tag.key, index]));
  const changedKeys: string[] = [];
  for (const tag of added) {
    const index = at.get(tag.key);
    if (index === undefined) {
      at.set(tag.key, tags.length);
      tags.push({ key: tag.key, value: tag.value });
      changedKeys.push(tag.key);
    } else if (tags[index]!.value !== tag.value) {
      tags[index] = { key: tag.key, value: tag.value };
      changedKeys.push(tag.key);
    }
  }
  if (tags.length > MAX_TAGS_PER_RESOURCE) {
    throw new DomainError(
      'limit-exceeded',
      `The resource has ${current.length} tags and these would make ${tags.length}; a resource may have at most ${MAX_TAGS_PER_RESOURCE}`,
    );
  }
  return { tags, changedKeys };
}

/** `current` without the tags of `keys` (keys it lacks are ignored). */
export function removeTags(current: readonly Tag[], keys: readonly string[]): TagChange {
  const removed = new Set(keys);
  const changedKeys = [...new Set(keys)].filter((key) => current.some((tag) => tag.key === key));
  return { tags: current.filter((tag) => !removed.has(tag.key)).map((tag) => ({ key: tag.key, value: tag.value })), changedKeys };
}
