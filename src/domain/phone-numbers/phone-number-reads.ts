/**
 * Reads of the account's numbers for the phone-number service: a page of the listing (`ListPhoneNumbers`, its filters
 * and page tokens), one number by its id, and the association each number shows. A number of a product type the
 * request's API does not know is NotFound, and is not listed.
 */
import type { ApiScope } from '../numbers/api-scope.ts';
import { ALL_PRODUCT_TYPES, productTypeRestriction } from '../numbers/product-type.ts';
import type { ProductType } from '../orders/order.ts';
import { ASSOCIATION_KINDS, type AssociationKind, type AssociationReader, type NumberAssociation } from '../ports/associations.ts';
import type { OwnedNumbers } from '../ports/phone-numbers.ts';
import type { Clock } from '../shared/clock.ts';
import { DomainError, field, fieldText } from '../shared/domain-error.ts';
import { invalidNextToken, type PageTokens } from '../shared/page-tokens.ts';
import { isListed, viewAt, type NumberView } from './number-view.ts';
import { isPhoneNumberStatus, type OwnedNumber } from './phone-number.ts';
import { parsePhoneNumberId, quoteId } from './phone-number-id.ts';

const LISTING = 'ListPhoneNumbers';

/** `ListPhoneNumbers` filters. An association filter names both parts. */
export interface NumberFilter {
  /** Any text: a status no number of dialtone has (a porting status, a typo) matches nothing. */
  status?: string;
  productType?: ProductType;
  associationName?: string;
  associationValue?: string;
}

/**
 * The association target an association filter names; `null` for a filter that matches nothing (the legacy `AccountId`
 * and `UserId`: dialtone has no Chime users), `undefined` when there is no filter. Ids are matched as stored (lower case).
 */
function associationFilter(filter: NumberFilter): { kind: AssociationKind; id: string } | null | undefined {
  if (filter.associationName === undefined || filter.associationValue === undefined) return undefined;
  const kind = ASSOCIATION_KINDS.find((k) => k === filter.associationName);
  return kind === undefined ? null : { kind, id: filter.associationValue.toLowerCase() };
}

/** What the reads need (see `PhoneNumberServiceOptions`). */
export interface PhoneNumberReadsOptions {
  phoneNumbers: Pick<OwnedNumbers, 'get' | 'getShown' | 'listListed'>;
  associations: AssociationReader | undefined;
  clock: Clock;
  tokens: PageTokens;
}

/** The reads of the phone-number service (see the file comment). */
export class PhoneNumberReads {
  readonly #numbers: Pick<OwnedNumbers, 'get' | 'getShown' | 'listListed'>;
  readonly #associations: AssociationReader | undefined;
  readonly #clock: Clock;
  readonly #tokens: PageTokens;

  constructor(options: PhoneNumberReadsOptions) {
    this.#numbers = options.phoneNumbers;
    this.#associations = options.associations;
    this.#clock = options.clock;
    this.#tokens = options.tokens;
  }

  /** See `PhoneNumberService.list`. */
  async list(
    accountId: string,
    filter: NumberFilter,
    page: { maxResults: number; nextToken?: string },
    scope: ApiScope,
  ): Promise<{ numbers: NumberView[]; nextToken?: string }> {
    if ((filter.associationName === undefined) !== (filter.associationValue === undefined)) {
      throw new DomainError('invalid', fieldText`${field('associationName')} and ${field('associationValue')} must be given together`);
    }
    const productTypes = productTypeRestriction(scope.productTypes ?? ALL_PRODUCT_TYPES);
    // The token is bound to what the listing shows, hidden product types included; an API that knows every product
    // type keeps the listing key it always had, so its tokens stay valid across this distinction.
    const shown = [filter.status ?? null, filter.productType ?? null, filter.associationName ?? null, filter.associationValue ?? null];
    const listing = `${LISTING}\n${JSON.stringify(productTypes === undefined ? shown : [...shown, productTypes])}`;
    let after: string | undefined;
    if (page.nextToken !== undefined) {
      const position = this.#tokens.decode(accountId, listing, page.nextToken) as { e?: unknown } | null;
      if (typeof position?.e !== 'string') throw invalidNextToken();
      after = position.e;
    }
    const associated = associationFilter(filter);
    if (associated === null) return { numbers: [] };
    if (associated !== undefined && this.#associations === undefined) return { numbers: [] };
    if (filter.status !== undefined && !isPhoneNumberStatus(filter.status)) return { numbers: [] };
    const now = this.#clock.now();
    const rows = await this.#numbers.listListed(accountId, {
      limit: page.maxResults + 1,
      now,
      ...(after === undefined ? {} : { after }),
      ...(filter.status === undefined ? {} : { status: filter.status }),
      ...(filter.productType === undefined ? {} : { productType: filter.productType }),
      ...(productTypes === undefined ? {} : { productTypes }),
      ...(associated === undefined ? {} : { associatedWith: associated }),
    });
    const numbers = await this.#withAssociations(accountId, rows.slice(0, page.maxResults).map((row) => viewAt(row, now)));
    const last = numbers[numbers.length - 1];
    if (rows.length <= page.maxResults || last === undefined) return { numbers };
    return { numbers, nextToken: this.#tokens.encode(accountId, listing, { e: last.e164 }) };
  }

  /** See `PhoneNumberService.get`. */
  async get(accountId: string, id: string, scope: ApiScope): Promise<NumberView> {
    const getShown = this.#numbers.getShown;
    if (getShown === undefined || this.#associations === undefined) {
      const { record, now } = await this.find(accountId, id, scope);
      return this.withAssociation(accountId, viewAt(record, now));
    }
    // The record and its association in one read.
    const e164 = e164Of(id);
    const now = this.#clock.now();
    const shown = await getShown.call(this.#numbers, accountId, e164);
    return shownWith(viewAt(listedOrNotFound(shown?.record, e164, now, scope), now), shown?.association);
  }

  /**
   * The account's listed record of the number an id names, and the time it was read at. A number of a product type
   * the request's API does not know is not found: that API could not even say what the number is.
   * @throws DomainError `invalid` (malformed id) or `not-found`
   */
  async find(accountId: string, id: string, scope: ApiScope): Promise<{ record: OwnedNumber; now: Date }> {
    const e164 = e164Of(id);
    const now = this.#clock.now();
    return { record: listedOrNotFound(await this.#numbers.get(accountId, e164), e164, now, scope), now };
  }

  /** The view with the number's association, if it has one. */
  async withAssociation(accountId: string, view: NumberView): Promise<NumberView> {
    const [shown] = await this.#withAssociations(accountId, [view]);
    return shown ?? view;
  }

  /**
   * The views with their associations, read in one query. Only an `Assigned` number has one: the associations and the
   * SIP rules write a number's association and its status in one transaction, and an import refuses an association of
   * a number in any other status. So the others are not looked up, and a page without an `Assigned` number reads none.
   */
  async #withAssociations(accountId: string, views: NumberView[]): Promise<NumberView[]> {
    if (this.#associations === undefined) return views;
    const assigned = views.filter((view) => view.status === 'Assigned').map((view) => view.e164);
    if (assigned.length === 0) return views;
    const found = await this.#associations.associationsOf(accountId, assigned);
    return views.map((view) => shownWith(view, found.get(view.e164)));
  }
}

/** The number an id names. @throws DomainError `invalid` for an id that names none */
function e164Of(id: string): string {
  const e164 = parsePhoneNumberId(id);
  if (e164 === undefined) {
    throw new DomainError(
      'invalid',
      fieldText`Invalid ${field('phoneNumberId')} ${quoteId(id)}: expected an E.164 phone number such as +12065550100 or %2B12065550100`,
    );
  }
  return e164;
}

/**
 * The record when the number is listed at `now` and of a product type the request's API knows.
 * @throws DomainError `not-found` otherwise (no record included)
 */
function listedOrNotFound(record: OwnedNumber | undefined, e164: string, now: Date, scope: ApiScope): OwnedNumber {
  if (record === undefined || !isListed(record, now) || !(scope.productTypes ?? ALL_PRODUCT_TYPES).has(record.productType)) {
    throw new DomainError('not-found', `No phone number ${e164} exists in this account`);
  }
  return record;
}

/** The view as shown with its association, if it has one. */
function shownWith(view: NumberView, association: NumberAssociation | undefined): NumberView {
  return association === undefined ? view : { ...view, associations: [association] };
}
