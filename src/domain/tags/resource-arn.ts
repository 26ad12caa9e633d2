/**
 * The resources that take tags, named by their ARNs as the Chime SDK Voice API writes them:
 * `arn:<partition>:chime:<region>:<account>:vc/<VoiceConnectorId>`, `…:sma/<SipMediaApplicationId>` and
 * `…:voice-profile-domain/<VoiceProfileDomainId>`.
 */

/** The ARN's resource type: a voice connector, a SIP media application or a voice profile domain. */
export type TaggableKind = 'vc' | 'sma' | 'voice-profile-domain';

export interface TaggableResource {
  kind: TaggableKind;
  region: string;
  accountId: string;
  id: string;
}

const ARN = /^arn:([a-z][a-z0-9-]*):chime:([a-z0-9-]+):(\d{12}):(vc|sma|voice-profile-domain)\/([A-Za-z0-9-]+)$/;

/**
 * The voice connector, SIP media application or voice profile domain an ARN names, or undefined when it names none
 * (another kind of resource, another service, or text that is not an ARN of this shape).
 * @example taggableResource('arn:aws:chime:us-east-1:111111111111:vc/abcdef1ghij2klmno3pqr4') → { kind: 'vc', region: 'us-east-1', accountId: '111111111111', id: 'abcdef1ghij2klmno3pqr4' }
 */
export function taggableResource(arn: string): TaggableResource | undefined {
  const match = ARN.exec(arn);
  if (match === null) return undefined;
  const [, , region, accountId, kind, id] = match as unknown as [string, string, string, string, TaggableKind, string];
  return { kind, region, accountId, id };
}

/** What the kind is called in messages. */
export const KIND_NAMES: Readonly<Record<TaggableKind, string>> = {
  vc: 'voice connector',
  sma: 'SIP media application',
  'voice-profile-domain': 'voice profile domain',
};
