/** A resource's tags in their `tags` column: a JSON array of `{ key, value }` in the resource's order, null for none. */
import type { Tag } from '../../domain/voice-connectors/voice-connector.ts';

export function tagsJson(tags: readonly Tag[]): string | null {
  return tags.length === 0 ? null : JSON.stringify(tags.map((tag) => ({ key: tag.key, value: tag.value })));
}

export function tagsOf(column: string | null): Tag[] {
  return column === null ? [] : (JSON.parse(column) as Tag[]);
}
