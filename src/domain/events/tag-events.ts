/**
 * `Tag Change on Resource` (named after the event AWS records for a tag change): `TagResource` or `UntagResource`
 * changed the tags of a voice connector or a SIP media application. The detail names the resource by its ARN, the keys
 * whose value the call added, replaced or removed (`ChangedTagKeys`), and every tag the resource has after it (`Tags`,
 * as `ListTagsForResource` answers them). A call that changes nothing records nothing.
 */
import type { IdSource } from '../shared/ids.ts';
import type { Tag } from '../voice-connectors/voice-connector.ts';
import type { NewEvent } from './event.ts';

export interface TagChangeEvent {
  accountId: string;
  /** The resource's kind as events name it (`vc`, `sma`) and its id. */
  kind: string;
  id: string;
  arn: string;
  changedKeys: readonly string[];
  tags: readonly Tag[];
  at: Date;
}

export function tagChanged(ids: IdSource, change: TagChangeEvent): NewEvent {
  return {
    id: ids.uuid(),
    accountId: change.accountId,
    type: 'Tag Change on Resource',
    at: change.at,
    resources: [{ kind: change.kind, id: change.id }],
    detail: {
      ResourceARN: change.arn,
      ChangedTagKeys: [...change.changedKeys],
      Tags: change.tags.map((tag) => ({ Key: tag.key, Value: tag.value })),
    },
  };
}
