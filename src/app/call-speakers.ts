/**
 * The speakers of calls as tests name them (`testing.stateControl`): `PUT /_dialtone/speakers` stores who speaks on
 * each leg of a call in the meta table, where every node's speaker searches read it, so that a voice profile enrolled
 * from one call is found by a search of another call of the same speaker. `GET` reads a call's speakers, `DELETE`
 * forgets them. A leg no test named is its own speaker.
 */
import type { CallSpeakers } from '../domain/ports/call-speakers.ts';
import type { MetaRepository } from '../domain/ports/meta.ts';
import type { CallLeg } from '../domain/voice-analytics/voice-analytics-task.ts';
import { badRequest } from '../protocol/errors.ts';
import { safeJson } from './safe-json.ts';

/** Where a call's speakers are kept: the meta table, one row per call. */
export const CALL_SPEAKERS_PREFIX = 'test-call-speakers/';

/** A call's speakers, as the control answers them. */
export interface CallSpeakersView {
  transactionId: string;
  caller?: string;
  callee?: string;
}

/** Longest transaction id and speaker name (the model bounds `TransactionId` to 256 characters). */
const MAX_LENGTH = 256;
const MEMBERS = new Set(['transactionId', 'caller', 'callee']);

export class CallSpeakerStore implements CallSpeakers {
  readonly #meta: Pick<MetaRepository, 'read' | 'write' | 'remove'>;

  constructor(meta: Pick<MetaRepository, 'read' | 'write' | 'remove'>) {
    this.#meta = meta;
  }

  async speakerOf(transactionId: string, leg: CallLeg): Promise<string | undefined> {
    const view = await this.read(transactionId);
    return leg === 'Caller' ? view.caller : view.callee;
  }

  /** The call's speakers (none named: only its `transactionId`). */
  async read(transactionId: string): Promise<CallSpeakersView> {
    const stored = await this.#meta.read(`${CALL_SPEAKERS_PREFIX}${checkText(transactionId, 'transactionId')}`);
    const json = stored === undefined ? undefined : safeJson(stored);
    // A row written by something else than `set` (not an object of strings) names no one.
    const parsed = typeof json === 'object' && json !== null ? (json as Partial<CallSpeakersView>) : {};
    return {
      transactionId,
      ...(typeof parsed.caller === 'string' && { caller: parsed.caller }),
      ...(typeof parsed.callee === 'string' && { callee: parsed.callee }),
    };
  }

  /**
   * Names the speakers of a call's legs (those left out are their own speaker), replacing what was named before.
   * @throws ServiceError BadRequestException for an unknown member, a value that is not a string of 1–256 characters,
   *   or no leg named
   */
  async set(input: Record<string, unknown>): Promise<CallSpeakersView> {
    for (const name of Object.keys(input)) {
      if (!MEMBERS.has(name)) throw badRequest(`Unknown member ${JSON.stringify(name.slice(0, 64))}; the body names transactionId, caller and callee`);
    }
    const transactionId = checkText(input.transactionId, 'transactionId');
    const caller = input.caller === undefined ? undefined : checkText(input.caller, 'caller');
    const callee = input.callee === undefined ? undefined : checkText(input.callee, 'callee');
    if (caller === undefined && callee === undefined) throw badRequest('Name the speaker of the caller, of the callee or of both');
    const view: CallSpeakersView = { transactionId, ...(caller !== undefined && { caller }), ...(callee !== undefined && { callee }) };
    await this.#meta.write(`${CALL_SPEAKERS_PREFIX}${transactionId}`, JSON.stringify({ caller, callee }));
    return view;
  }

  /** Forgets the call's speakers; answers whether any were named. */
  async remove(transactionId: string): Promise<boolean> {
    return this.#meta.remove(`${CALL_SPEAKERS_PREFIX}${checkText(transactionId, 'transactionId')}`);
  }
}

function checkText(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_LENGTH) {
    throw badRequest(`${name} must be a string of 1 to ${MAX_LENGTH} characters, not only white space`);
  }
  return value;
}
