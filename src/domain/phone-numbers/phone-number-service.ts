/**
 * The account's number inventory: list, get, update (product type, calling name or name), delete into the deletion
 * queue, restore from it, and the sweep that completes what time alone decides (calling names propagated, queued
 * numbers released to the carrier pool). Every change is written in one transaction with its event (the outbox), so
 * that no change is without its event nor an event without its change. Every read and write is scoped by the account;
 * another account's number is NotFound. Every request is also scoped by its API (`ApiScope`): a number of a product
 * type that API does not know is NotFound too, and is not listed.
 *
 * The service composes its parts: the reads (phone-number-reads.ts), the changes (phone-number-changes.ts) and the
 * sweep (phone-number-sweep.ts).
 */
import type { ApiScope } from '../numbers/api-scope.ts';
import type { AssociationReader } from '../ports/associations.ts';
import type { OwnedNumbers } from '../ports/phone-numbers.ts';
import type { Turns } from '../ports/turns.ts';
import type { UnitOfWork } from '../ports/unit-of-work.ts';
import type { Clock } from '../shared/clock.ts';
import type { IdSource } from '../shared/ids.ts';
import type { PageTokens } from '../shared/page-tokens.ts';
import type { ChangeRequest } from './lifecycle-rules.ts';
import type { NumberView } from './number-view.ts';
import { PhoneNumberChanges, type BatchItemError, type NumberWrites, type UpdateItem } from './phone-number-changes.ts';
import { PhoneNumberReads, type NumberFilter } from './phone-number-reads.ts';
import { PhoneNumberSweep } from './phone-number-sweep.ts';

export type { BatchItemError, NumberFilter, NumberWrites, UpdateItem };

const DAY_MS = 24 * 60 * 60 * 1000;

/** Dependencies and limits of the phone-number service; the limits default to AWS's documented values. */
export interface PhoneNumberServiceOptions {
  /** Reads of the account's numbers. */
  phoneNumbers: Pick<OwnedNumbers, 'get' | 'getShown' | 'listListed'>;
  /** Every change, with its events. */
  unitOfWork: UnitOfWork<NumberWrites>;
  /** The numbers' associations, shown on every number read; without it numbers show none and association filters match nothing. */
  associations?: AssociationReader;
  clock: Clock;
  /** Event ids. */
  ids: IdSource;
  tokens: PageTokens;
  /** How long a deleted number stays restorable in the deletion queue. Default 7 days. */
  deletionQueueMs?: number;
  /** How long a calling-name update stays `UpdateInProgress`. Default 60 s. */
  callingNamePropagationMs?: number;
  /** Most items of a batch update or delete. Default 100. */
  maxBatchItems?: number;
  /** Waited for before each item of a batch (default: no wait). */
  turns?: Turns;
}

/** The owned-number inventory of every account (see the file comment). */
export class PhoneNumberService {
  readonly #reads: PhoneNumberReads;
  readonly #changes: PhoneNumberChanges;
  readonly #sweep: PhoneNumberSweep;

  constructor(options: PhoneNumberServiceOptions) {
    const { unitOfWork, clock, ids } = options;
    this.#reads = new PhoneNumberReads({ phoneNumbers: options.phoneNumbers, associations: options.associations, clock, tokens: options.tokens });
    this.#changes = new PhoneNumberChanges({
      reads: this.#reads,
      unitOfWork,
      clock,
      ids,
      deletionQueueMs: options.deletionQueueMs ?? 7 * DAY_MS,
      callingNamePropagationMs: options.callingNamePropagationMs ?? 60_000,
      maxBatchItems: options.maxBatchItems ?? 100,
      ...(options.turns !== undefined && { turns: options.turns }),
    });
    this.#sweep = new PhoneNumberSweep({ unitOfWork, clock, ids });
  }

  /**
   * One page of the account's numbers in E.164 order, each with its associations (one read per page); `nextToken`
   * while more remain. An association filter names a voice connector, voice connector group or SIP rule; the legacy
   * `AccountId` and `UserId` filters match nothing (dialtone has no Chime users), nor does a status that no number of
   * dialtone can have.
   * @throws DomainError `invalid` for half an association filter or a NextToken not issued for this listing
   */
  list(
    accountId: string,
    filter: NumberFilter,
    page: { maxResults: number; nextToken?: string },
    scope: ApiScope = {},
  ): Promise<{ numbers: NumberView[]; nextToken?: string }> {
    return this.#reads.list(accountId, filter, page, scope);
  }

  /** @throws DomainError `invalid` (malformed id) or `not-found` (not a number of this account that the API knows) */
  get(accountId: string, id: string, scope: ApiScope = {}): Promise<NumberView> {
    return this.#reads.get(accountId, id, scope);
  }

  /**
   * Changes the product type, starts a calling-name update (`UpdateInProgress` for the propagation delay), or changes
   * the name at once (`''` clears it). Asking for the value the number already has changes nothing.
   * @throws DomainError `invalid`, `not-found`, or `conflict` while another calling-name update propagates
   */
  update(accountId: string, id: string, request: ChangeRequest, scope: ApiScope = {}): Promise<NumberView> {
    return this.#changes.update(accountId, id, request, scope);
  }

  /** Applies each item on its own; answers the items that were not applied. */
  batchUpdate(accountId: string, items: UpdateItem[], scope: ApiScope = {}): Promise<BatchItemError[]> {
    return this.#changes.batchUpdate(accountId, items, scope);
  }

  /**
   * Puts an `Unassigned` number into the deletion queue (`DeleteInProgress`, restorable until its deletion time).
   * @throws DomainError `invalid` (wrong status; `AssociationsExistError` when `Assigned`) or `not-found`
   */
  delete(accountId: string, id: string, scope: ApiScope = {}): Promise<void> {
    return this.#changes.delete(accountId, id, scope);
  }

  /** Deletes each id on its own; answers the ids that were not deleted. */
  batchDelete(accountId: string, ids: string[], scope: ApiScope = {}): Promise<BatchItemError[]> {
    return this.#changes.batchDelete(accountId, ids, scope);
  }

  /**
   * Takes a number out of the deletion queue, back to `Unassigned`.
   * @throws DomainError `invalid` when it is not in the queue, `not-found` when the account has no such number
   */
  restore(accountId: string, id: string, scope: ApiScope = {}): Promise<NumberView> {
    return this.#changes.restore(accountId, id, scope);
  }

  /**
   * Completes what is due at the clock's now: calling-name updates that have propagated, and numbers whose deletion
   * time has come (released: no longer owned, aging from their deletion time). Each batch is one transaction with the
   * events of the records it completed. Idempotent; safe to run concurrently.
   */
  sweep(): Promise<{ released: number; callingNames: number }> {
    return this.#sweep.sweep();
  }
}
