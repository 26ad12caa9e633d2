/**
 * SIP media applications and SIP rules as the domain sees them: account-scoped resources. An application names the
 * Lambda function that would handle its calls (stored, never called); a rule routes calls to a phone number of the
 * account or to a voice connector's host name to its target applications. Wire names live in operations/, not here.
 */
import type { Tag } from '../voice-connectors/voice-connector.ts';

export interface SipMediaApplication {
  /** A UUID v4 in lower case. */
  id: string;
  accountId: string;
  name: string;
  /** The AWS Region the application lives in (one of the regions of voice connectors). */
  awsRegion: string;
  /** The Lambda functions of the application (the model allows exactly one). */
  endpoints: SipMediaApplicationEndpoint[];
  tags: Tag[];
  createdAt: Date;
  updatedAt: Date;
}

/** Whether AWS would log the application's messages (to CloudWatch Logs; dialtone writes none). */
export interface SipMediaApplicationLogging {
  enableMessageLogs: boolean;
}

export interface SipMediaApplicationEndpoint {
  lambdaArn: string;
}

/** What starts a rule: a call to one of the account's numbers, or a request URI naming a voice connector's host. */
export type SipRuleTriggerType = 'ToPhoneNumber' | 'RequestUriHostname';

/** One application a rule hands calls to: lower priorities are tried first. */
export interface SipRuleTarget {
  sipMediaApplicationId: string;
  priority: number;
  /** The application's region. */
  awsRegion: string;
}

export interface SipRule {
  /** A UUID v4 in lower case. */
  id: string;
  accountId: string;
  name: string;
  disabled: boolean;
  triggerType: SipRuleTriggerType;
  /** An E.164 number (`ToPhoneNumber`) or a voice connector's outbound host name (`RequestUriHostname`). */
  triggerValue: string;
  /** In the order last given. */
  targets: SipRuleTarget[];
  createdAt: Date;
  updatedAt: Date;
}

/** @example sipMediaApplicationArn(a) → 'arn:aws:chime:us-east-1:111111111111:sma/0f1e…' */
export function sipMediaApplicationArn(application: Pick<SipMediaApplication, 'id' | 'accountId' | 'awsRegion'>): string {
  return `arn:aws:chime:${application.awsRegion}:${application.accountId}:sma/${application.id}`;
}
