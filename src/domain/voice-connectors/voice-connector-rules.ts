/** The rules of voice connectors and groups that need no storage: group members and the account quotas (tags: ../tags/tag-rules.ts). */
import { DomainError, field, fieldText } from '../shared/domain-error.ts';
import type { VoiceConnectorItem } from './voice-connector.ts';

/**
 * The members of a group as given: at most `maxPerGroup` connectors, each once (priorities may repeat: connectors of
 * equal priority share the calls). Whether each connector exists is for the service to check.
 * @throws DomainError `invalid`
 */
export function checkItems(items: readonly VoiceConnectorItem[], maxPerGroup: number): void {
  if (items.length > maxPerGroup) {
    throw new DomainError(
      'invalid',
      fieldText`${field('voiceConnectorItems')} lists ${items.length} voice connectors; a group may have at most ${maxPerGroup} (maxVoiceConnectorsPerGroup)`,
    );
  }
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.voiceConnectorId)) {
      throw new DomainError('invalid', fieldText`${field('voiceConnectorItems')} lists voice connector ${item.voiceConnectorId} more than once`);
    }
    seen.add(item.voiceConnectorId);
  }
}

/**
 * Refuses one more resource when the account already has `count` (counted up to `max + 1`) and may have `max`.
 * @param what the resource in the plural, e.g. `voice connectors`
 * @param limit the name of the configuration key, e.g. `maxVoiceConnectorsPerAccount`
 * @throws DomainError `limit-exceeded`
 */
export function checkQuota(count: number, max: number, what: string, limit: string): void {
  if (count < max) return;
  const has = count > max ? `more than ${max}` : String(count);
  throw new DomainError('limit-exceeded', `The account has ${has} ${what}; the limit is ${max} ${what} per account (${limit})`);
}

/** The connectors of `wanted` that are not in `existing`, in the order given. */
export function missingConnectors(wanted: readonly VoiceConnectorItem[], existing: ReadonlySet<string>): string[] {
  return wanted.map((item) => item.voiceConnectorId).filter((id) => !existing.has(id));
}
