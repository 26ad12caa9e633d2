/**
 * SIP media applications' outbound calls: create (from one of the account's SipMediaApplicationDialIn numbers) and
 * update (arguments for a call of the last day), within one account. No call is placed: each write is stored and
 * recorded as an event (see sip-media-application-call.ts). Writes run under the account's voice lock, as every write
 * of the voice resources does, so that a call never outlives the deletion of its application or its number's
 * ownership being checked.
 */
import { sipMediaApplicationCallCreated, sipMediaApplicationCallUpdated } from '../events/sip-media-application-call-events.ts';
import type { EventAppender } from '../ports/events.ts';
import type { OwnedNumbers } from '../ports/phone-numbers.ts';
import type { SipMediaApplicationCallRepository } from '../ports/sip-calls.ts';
import type { SipMediaApplicationRepository } from '../ports/sip.ts';
import type { UnitOfWork } from '../ports/unit-of-work.ts';
import type { VoiceConnectorRepository } from '../ports/voice-connectors.ts';
import { normalizeE164 } from '../numbers/number-rules.ts';
import type { Clock } from '../shared/clock.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { IdSource } from '../shared/ids.ts';
import { CALL_RETENTION_MS, checkFromNumber, checkSipHeaders, checkToPhoneNumber, type SipMediaApplicationCall } from './sip-media-application-call.ts';

/** What a call's writes read and write in one transaction (under the account's voice lock), with their events. */
export interface SipMediaApplicationCallWrites {
  voiceConnectors: Pick<VoiceConnectorRepository, 'lockAccount'>;
  sipMediaApplications: Pick<SipMediaApplicationRepository, 'get'>;
  phoneNumbers: Pick<OwnedNumbers, 'get'>;
  sipMediaApplicationCalls: SipMediaApplicationCallRepository;
  events: EventAppender;
}

export interface SipMediaApplicationCallServiceOptions {
  unitOfWork: UnitOfWork<SipMediaApplicationCallWrites>;
  clock: Clock;
  ids: IdSource;
}

export interface NewSipMediaApplicationCall {
  fromPhoneNumber: string;
  toPhoneNumber: string;
  sipHeaders?: Readonly<Record<string, string>>;
  arguments?: Readonly<Record<string, string>>;
}

/** Calls older than the retention that one create deletes, at most (the rest go with later creates). */
const PRUNED_PER_CREATE = 100;

export class SipMediaApplicationCallService {
  readonly #options: SipMediaApplicationCallServiceOptions;

  constructor(options: SipMediaApplicationCallServiceOptions) {
    this.#options = options;
  }

  /**
   * Stores a call with a fresh transaction id and records it.
   * @throws DomainError `not-found` (the application), `invalid` (the numbers, the headers)
   */
  async create(accountId: string, sipMediaApplicationId: string, request: NewSipMediaApplicationCall): Promise<SipMediaApplicationCall> {
    const { unitOfWork, clock, ids } = this.#options;
    const toPhoneNumber = checkToPhoneNumber(request.toPhoneNumber);
    const sipHeaders = checkSipHeaders(request.sipHeaders ?? {});
    const fromPhoneNumber = normalizeE164(request.fromPhoneNumber);
    return unitOfWork.transaction(async ({ voiceConnectors, sipMediaApplications, phoneNumbers, sipMediaApplicationCalls, events }) => {
      await voiceConnectors.lockAccount(accountId);
      const application = (await sipMediaApplications.get(accountId, sipMediaApplicationId)) ?? applicationNotFound(sipMediaApplicationId);
      checkFromNumber(await phoneNumbers.get(accountId, fromPhoneNumber));
      const now = clock.now();
      await sipMediaApplicationCalls.prune(accountId, new Date(now.getTime() - CALL_RETENTION_MS), PRUNED_PER_CREATE);
      const call: SipMediaApplicationCall = {
        transactionId: ids.uuid(),
        accountId,
        sipMediaApplicationId,
        fromPhoneNumber,
        toPhoneNumber,
        sipHeaders,
        arguments: { ...request.arguments },
        createdAt: now,
        updatedAt: now,
      };
      await sipMediaApplicationCalls.insert(call);
      await events.append([sipMediaApplicationCallCreated(ids, call, application.awsRegion)]);
      return call;
    });
  }

  /**
   * Passes `args` to a call of the application created within the retention, and records it.
   * @throws DomainError `not-found` (the application, the call)
   */
  async update(accountId: string, sipMediaApplicationId: string, transactionId: string, args: Readonly<Record<string, string>>): Promise<SipMediaApplicationCall> {
    const { unitOfWork, clock, ids } = this.#options;
    return unitOfWork.transaction(async ({ voiceConnectors, sipMediaApplications, sipMediaApplicationCalls, events }) => {
      await voiceConnectors.lockAccount(accountId);
      const application = (await sipMediaApplications.get(accountId, sipMediaApplicationId)) ?? applicationNotFound(sipMediaApplicationId);
      const now = clock.now();
      const call = await sipMediaApplicationCalls.get(accountId, sipMediaApplicationId, transactionId, new Date(now.getTime() - CALL_RETENTION_MS));
      if (call === undefined || !(await sipMediaApplicationCalls.touch(accountId, sipMediaApplicationId, transactionId, now))) {
        throw new DomainError('not-found', `No call with transaction id ${transactionId} of SIP media application ${sipMediaApplicationId} in the last 24 hours`);
      }
      await events.append([sipMediaApplicationCallUpdated(ids, call, application.awsRegion, args, now)]);
      return { ...call, updatedAt: now };
    });
  }
}

function applicationNotFound(id: string): never {
  throw new DomainError('not-found', `No SIP media application with id ${id} exists in this account`);
}
