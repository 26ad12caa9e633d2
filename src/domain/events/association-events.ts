/**
 * The events of numbers put to work and taken off it: `Phone Number Assigned` when a number gets an association (a
 * voice connector, a voice connector group, a SIP rule's `ToPhoneNumber` trigger), `Phone Number Unassigned` when it
 * loses one. A number moved from one target to another (`ForceAssociate`) records one `Phone Number Assigned` that
 * names the association it replaced in `PreviousAssociation`, not an Unassigned then an Assigned: the number was never
 * without an association, so no reader should see it `Unassigned`.
 */
import type { AssociationKind, AssociationTarget } from '../ports/associations.ts';
import type { IdSource } from '../shared/ids.ts';
import type { NewEvent, ResourceRef } from './event.ts';
import { isoText } from '../../shared/iso-text.ts';

/** The resource kind of each association's target (the envelope's ARNs name it). */
const TARGET_KINDS: Record<AssociationKind, string> = {
  VoiceConnectorId: 'vc',
  VoiceConnectorGroupId: 'vcg',
  SipRuleId: 'sip-rule',
};

const numberRef = (e164: string): ResourceRef => ({ kind: 'phone-number', id: e164 });
const targetRef = (target: AssociationTarget): ResourceRef => ({ kind: TARGET_KINDS[target.kind], id: target.id });

/** One number's association that a change made or removed. */
export interface AssociationChange {
  accountId: string;
  e164: string;
  target: AssociationTarget;
  at: Date;
}

/**
 * `e164` is now associated with `target` (since `at`) and `Assigned`; `previous` is the association this one replaced,
 * when it was moved. Resources: the number, the target, the previous target.
 */
export function numberAssigned(ids: IdSource, change: AssociationChange & { previous?: AssociationTarget }): NewEvent {
  const { accountId, e164, target, previous, at } = change;
  return {
    id: ids.uuid(),
    accountId,
    type: 'Phone Number Assigned',
    at,
    resources: [numberRef(e164), targetRef(target), ...(previous === undefined ? [] : [targetRef(previous)])],
    detail: {
      PhoneNumberId: e164,
      E164PhoneNumber: e164,
      Status: 'Assigned',
      Association: { Name: target.kind, Value: target.id, AssociatedTimestamp: isoText(at) },
      ...(previous !== undefined && { PreviousAssociation: { Name: previous.kind, Value: previous.id } }),
    },
  };
}

/** `e164` is no longer associated with `target` and, having no other association, `Unassigned`. */
export function numberUnassigned(ids: IdSource, change: AssociationChange): NewEvent {
  const { accountId, e164, target, at } = change;
  return {
    id: ids.uuid(),
    accountId,
    type: 'Phone Number Unassigned',
    at,
    resources: [numberRef(e164), targetRef(target)],
    detail: {
      PhoneNumberId: e164,
      E164PhoneNumber: e164,
      Status: 'Unassigned',
      Association: { Name: target.kind, Value: target.id },
    },
  };
}
