/**
 * Putting numbers to work on a voice connector or a voice connector group: associate and disassociate an account's
 * numbers, per number, in one transaction per call that first takes the account's voice connector lock (the same lock
 * as every write of connectors and groups, so a delete of the target cannot slip between check and write; the foreign
 * keys refuse it anyway). The numbers' status follows in the same transaction: `Assigned` with an association,
 * `Unassigned` when its last one goes, by conditional writes that decide races with deletes and product-type changes.
 *
 * Per-number outcomes (the call still succeeds):
 * - an id that is not an E.164 number: `invalid`; a number named twice is handled once;
 * - a number the account does not own (or the request's API does not know): `not-found`;
 * - a number whose product type is not `VoiceConnector`, or whose status is neither `Unassigned` nor `Assigned`
 *   (ordering, failed, in the deletion queue): `invalid`;
 * - a number associated with another target: `associations-exist` unless `force`, which moves it (the previous
 *   association is dropped); a number already associated with this target stays as it is (its timestamp unchanged);
 * - disassociating a number that is not associated with this target: `invalid` (`not-found` when not the account's).
 *
 * Each number whose association the call changed records its event in the call's transaction (`Phone Number Assigned`,
 * with `PreviousAssociation` when moved; `Phone Number Unassigned`), in request order; a number left as it was records
 * nothing.
 *
 * A call's transaction takes milliseconds (about 45 µs per number) and holds the event loop meanwhile, so it waits for
 * its account's turn first (`turns`): calls that arrive together then run one per turn of the event loop instead of back
 * to back in the turn that read them. Between two of them the loop reads new requests and accepts a new connection
 * (libuv accepts one per turn), so a client that opens its connections while others keep the server busy is served in
 * its turn, not after every connection accepted before it has been served again and again.
 */
import { numberAssigned, numberUnassigned } from '../events/association-events.ts';
import type { ApiScope } from '../numbers/api-scope.ts';
import { ALL_PRODUCT_TYPES } from '../numbers/product-type.ts';
import type { AssociationRepository, AssociationTarget } from '../ports/associations.ts';
import type { EventAppender } from '../ports/events.ts';
import type { OwnedNumbers } from '../ports/phone-numbers.ts';
import { NO_WAIT, type Turns } from '../ports/turns.ts';
import type { UnitOfWork } from '../ports/unit-of-work.ts';
import type { VoiceConnectorGroupRepository, VoiceConnectorRepository } from '../ports/voice-connectors.ts';
import { isListed } from '../phone-numbers/number-view.ts';
import type { OwnedNumber } from '../phone-numbers/phone-number.ts';
import { parsePhoneNumberId, quoteId } from '../phone-numbers/phone-number-id.ts';
import type { BatchItemError } from '../phone-numbers/phone-number-service.ts';
import type { Clock } from '../shared/clock.ts';
import { DomainError, field, fieldText, type DomainMessage } from '../shared/domain-error.ts';
import type { IdSource } from '../shared/ids.ts';

/** What one associate or disassociate call reads and writes in its transaction, with its events. */
export interface AssociationWrites {
  voiceConnectors: Pick<VoiceConnectorRepository, 'lockAccount' | 'get'>;
  voiceConnectorGroups: Pick<VoiceConnectorGroupRepository, 'get'>;
  associations: AssociationRepository;
  phoneNumbers: Pick<OwnedNumbers, 'get' | 'markAssigned' | 'markUnassignedWhereFree'>;
  events: EventAppender;
}

export interface NumberAssociationServiceOptions {
  unitOfWork: UnitOfWork<AssociationWrites>;
  clock: Clock;
  /** The events' ids. */
  ids: IdSource;
  /** Most numbers in one call (the model sets no bound). Default {@link DEFAULT_MAX_NUMBERS_PER_CALL}. */
  maxNumbersPerCall?: number;
  /** Waited for before each call's transaction (default: no wait). */
  turns?: Turns;
}

export const DEFAULT_MAX_NUMBERS_PER_CALL = 1000;

/** The resources numbers are associated with through this service. */
export type ConnectorTarget = AssociationTarget & { kind: 'VoiceConnectorId' | 'VoiceConnectorGroupId' };

/** The only product type that voice connectors and groups take. */
const PRODUCT_TYPE = 'VoiceConnector';

export class NumberAssociationService {
  readonly #options: NumberAssociationServiceOptions;
  readonly #max: number;
  readonly #turns: Turns;

  constructor(options: NumberAssociationServiceOptions) {
    this.#options = options;
    this.#max = options.maxNumbersPerCall ?? DEFAULT_MAX_NUMBERS_PER_CALL;
    this.#turns = options.turns ?? NO_WAIT;
  }

  /**
   * Associates the numbers `ids` with the connector or group; answers the numbers that were not associated.
   * @throws DomainError `not-found` when the target is not a resource of the account; `invalid` for an empty or too long list
   */
  async associate(accountId: string, target: ConnectorTarget, ids: readonly string[], force: boolean, scope: ApiScope = {}): Promise<BatchItemError[]> {
    this.#checkCount(ids.length);
    const { numbers, errors } = parseIds(ids);
    await this.#turns.next(accountId);
    const at = this.#options.clock.now();
    return this.#options.unitOfWork.transaction(async (repos) => {
      const resolved = await requireTarget(repos, accountId, target);
      const current = await repos.associations.associationsOf(accountId, [...numbers.keys()]);
      const candidates: string[] = [];
      for (const [e164, id] of numbers) {
        const existing = current.get(e164)?.target;
        if (existing === undefined || force) {
          if (existing === undefined || !sameTarget(existing, resolved)) candidates.push(e164);
        } else if (!sameTarget(existing, resolved)) {
          errors.push(
            refusal(
              id,
              'associations-exist',
              fieldText`Phone number ${e164} is already associated with ${describe(existing)}; set ${field('forceAssociate')} to move it`,
            ),
          );
        }
      }
      const assigned = await repos.phoneNumbers.markAssigned(accountId, candidates, { productType: PRODUCT_TYPE, at });
      const moving = candidates.filter((e164) => assigned.has(e164));
      await repos.associations.associate(accountId, moving, resolved, at);
      await repos.events.append(
        moving.map((e164) => {
          const previous = current.get(e164)?.target;
          return numberAssigned(this.#options.ids, { accountId, e164, target: resolved, at, ...(previous !== undefined && { previous }) });
        }),
      );
      for (const e164 of candidates) {
        if (!assigned.has(e164)) errors.push(whyNotAssociable(numbers.get(e164)!, e164, await repos.phoneNumbers.get(accountId, e164), at, scope));
      }
      return inRequestOrder(errors, ids);
    });
  }

  /**
   * Removes the numbers' associations with the connector or group; a number left without association becomes
   * `Unassigned`. Answers the numbers that were not disassociated.
   * @throws DomainError as {@link associate}
   */
  async disassociate(accountId: string, target: ConnectorTarget, ids: readonly string[], scope: ApiScope = {}): Promise<BatchItemError[]> {
    this.#checkCount(ids.length);
    const { numbers, errors } = parseIds(ids);
    await this.#turns.next(accountId);
    const at = this.#options.clock.now();
    return this.#options.unitOfWork.transaction(async (repos) => {
      const resolved = await requireTarget(repos, accountId, target);
      const removed = await repos.associations.disassociate(accountId, [...numbers.keys()], resolved);
      await repos.phoneNumbers.markUnassignedWhereFree(accountId, [...removed], at);
      const unassigned = [...numbers.keys()].filter((e164) => removed.has(e164));
      await repos.events.append(unassigned.map((e164) => numberUnassigned(this.#options.ids, { accountId, e164, target: resolved, at })));
      for (const [e164, id] of numbers) {
        if (removed.has(e164)) continue;
        const record = await repos.phoneNumbers.get(accountId, e164);
        errors.push(
          visible(record, at, scope)
            ? refusal(id, 'invalid', `Phone number ${e164} is not associated with ${describe(resolved)}`)
            : notOwned(id, e164),
        );
      }
      return inRequestOrder(errors, ids);
    });
  }

  #checkCount(count: number): void {
    if (count === 0) throw new DomainError('invalid', fieldText`${field('phoneNumbers')} must contain at least one phone number`);
    if (count > this.#max) {
      throw new DomainError('invalid', fieldText`${field('phoneNumbers')} contains ${count} phone numbers; the limit is ${this.#max} per request`);
    }
  }
}

/** The numbers the ids name (E.164 → the id as first sent), and a refusal for each id that names none. */
function parseIds(ids: readonly string[]): { numbers: Map<string, string>; errors: BatchItemError[] } {
  const numbers = new Map<string, string>();
  const errors: BatchItemError[] = [];
  for (const id of ids) {
    const e164 = parsePhoneNumberId(id);
    if (e164 === undefined) errors.push(refusal(id, 'invalid', `Invalid phone number ${quoteId(id)}: expected an E.164 phone number such as +12065550100`));
    else if (!numbers.has(e164)) numbers.set(e164, id);
  }
  return { numbers, errors };
}

/** The target as stored, after taking the account's lock. @throws DomainError `not-found` */
async function requireTarget(repos: AssociationWrites, accountId: string, target: ConnectorTarget): Promise<ConnectorTarget> {
  await repos.voiceConnectors.lockAccount(accountId);
  if (target.kind === 'VoiceConnectorId') {
    const connector = await repos.voiceConnectors.get(accountId, target.id);
    if (connector === undefined) throw new DomainError('not-found', `No voice connector with id ${target.id} exists in this account`);
    return { kind: target.kind, id: connector.id };
  }
  const group = await repos.voiceConnectorGroups.get(accountId, target.id.toLowerCase());
  if (group === undefined) throw new DomainError('not-found', `No voice connector group with id ${target.id} exists in this account`);
  return { kind: target.kind, id: group.id };
}

/** Why `markAssigned` did not match a number: not the account's, or not associable as it is. */
function whyNotAssociable(id: string, e164: string, record: OwnedNumber | undefined, now: Date, scope: ApiScope): BatchItemError {
  if (!visible(record, now, scope)) return notOwned(id, e164);
  if (record.productType !== PRODUCT_TYPE) {
    return refusal(
      id,
      'invalid',
      `Phone number ${e164} has product type ${record.productType}; ` +
        'only VoiceConnector phone numbers can be associated with voice connectors and voice connector groups',
    );
  }
  return refusal(id, 'invalid', `Phone number ${e164} is ${record.status}; only Unassigned or Assigned phone numbers can be associated`);
}

function visible(record: OwnedNumber | undefined, now: Date, scope: ApiScope): record is OwnedNumber {
  return record !== undefined && isListed(record, now) && (scope.productTypes ?? ALL_PRODUCT_TYPES).has(record.productType);
}

function notOwned(id: string, e164: string): BatchItemError {
  return refusal(id, 'not-found', `No phone number ${e164} exists in this account`);
}

function refusal(id: string, reason: BatchItemError['reason'], message: string | DomainMessage): BatchItemError {
  return { id, reason, error: new DomainError(reason === 'not-found' ? 'not-found' : 'invalid', message) };
}

function sameTarget(a: AssociationTarget, b: AssociationTarget): boolean {
  return a.kind === b.kind && a.id === b.id;
}

function describe(target: AssociationTarget): string {
  const what = { VoiceConnectorId: 'voice connector', VoiceConnectorGroupId: 'voice connector group', SipRuleId: 'SIP rule' }[target.kind];
  return `${what} ${target.id}`;
}

/** The refusals in the order of the ids they answer. */
function inRequestOrder(errors: BatchItemError[], ids: readonly string[]): BatchItemError[] {
  const position = new Map<string, number>();
  ids.forEach((id, i) => {
    if (!position.has(id)) position.set(id, i);
  });
  return errors.sort((a, b) => (position.get(a.id) ?? 0) - (position.get(b.id) ?? 0));
}
