/**
 * Outbound calls of SIP media applications (CreateSipMediaApplicationCall) as the domain sees them: a transaction that
 * would ring `toPhoneNumber` from one of the account's numbers and run the application's Lambda function. dialtone
 * places no call and invokes no function: it checks the request, keeps the transaction for a day so that
 * UpdateSipMediaApplicationCall finds it, and records an event for each, which a webhook can act on as the function
 * would. The rules are dialtone's (docs/api.md, "SIP media application calls"):
 * - the caller's number is one of the account's, `Unassigned` or `Assigned`, of product type SipMediaApplicationDialIn
 *   (the numbers SIP media applications use); the called number is a valid phone number; both kept with their `+`;
 * - SIP headers are custom ones (`X-…`, any case), `User-to-User` or `Diversion`, as the Chime SDK's guide to SIP
 *   headers allows on outbound legs;
 * - a transaction is known for {@link CALL_RETENTION_MS} after its call was created.
 * Messages never repeat a number, a header's value or an argument (the models mark them sensitive).
 */
import { validPhoneNumber } from '../numbers/number-rules.ts';
import type { OwnedNumber } from '../phone-numbers/phone-number.ts';
import { DomainError } from '../shared/domain-error.ts';

export interface SipMediaApplicationCall {
  /** A UUID v4 in lower case (the model's GUID). */
  transactionId: string;
  accountId: string;
  sipMediaApplicationId: string;
  fromPhoneNumber: string;
  toPhoneNumber: string;
  sipHeaders: Record<string, string>;
  /** The create's `ArgumentsMap` (chime-sdk-voice only). */
  arguments: Record<string, string>;
  createdAt: Date;
  /** The create's time, or the last update's. */
  updatedAt: Date;
}

/** How long a call's transaction is known after its creation: a day. */
export const CALL_RETENTION_MS = 24 * 60 * 60_000;

/** The SIP headers an outbound leg may carry, by the Chime SDK's guide: custom `X-` headers, `User-to-User`, `Diversion`. */
const ALLOWED_HEADER = /^(?:x-[A-Za-z0-9!#$%&'*+.^_`|~-]+|user-to-user|diversion)$/i;

/** @throws DomainError `invalid` for a header outside {@link ALLOWED_HEADER} (not named: the model marks names sensitive too) */
export function checkSipHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const names = Object.keys(headers);
  const refused = names.findIndex((name) => !ALLOWED_HEADER.test(name));
  if (refused >= 0) {
    throw new DomainError('invalid', `SipHeaders may hold custom headers (X-…), User-to-User and Diversion only; its header ${refused + 1} of ${names.length} is none of them`);
  }
  return { ...headers };
}

/** The called number, with its `+`. @throws DomainError `invalid` */
export function checkToPhoneNumber(raw: string): string {
  return validPhoneNumber(raw, 'ToPhoneNumber');
}

/**
 * Whether `record` (the account's newest record of the caller's number, if any) may place the call.
 * @throws DomainError `invalid` naming what is wrong, never the number
 */
export function checkFromNumber(record: OwnedNumber | undefined): void {
  if (record === undefined || record.active === false || !['Unassigned', 'Assigned'].includes(record.status)) {
    throw new DomainError('invalid', 'FromPhoneNumber must be a number of this account (Unassigned or Assigned)');
  }
  if (record.productType !== 'SipMediaApplicationDialIn') {
    throw new DomainError('invalid', `FromPhoneNumber is a ${record.productType} number; a SIP media application calls from a SipMediaApplicationDialIn number`);
  }
}
