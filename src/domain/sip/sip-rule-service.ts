/**
 * SIP rules: create (within the account's quota), get, list (optionally those targeting one application), update
 * (name, disabled, targets) and delete (only once disabled), always within one account. A `ToPhoneNumber` rule gives its
 * number the `SipRuleId` association, which makes the number `Assigned`; deleting the rule makes it `Unassigned` again.
 * Every write runs in one transaction under the account's voice lock, which voice connector associations take too.
 */
import { numberAssigned, numberUnassigned } from '../events/association-events.ts';
import { sipRuleEvents } from '../events/resource-events.ts';
import type { EventAppender } from '../ports/events.ts';
import type { OwnedNumbers } from '../ports/phone-numbers.ts';
import type { SipQuotaSource } from '../ports/quotas.ts';
import type { SipMediaApplicationRepository, SipRuleRepository } from '../ports/sip.ts';
import type { UnitOfWork } from '../ports/unit-of-work.ts';
import type { VoiceConnectorRepository } from '../ports/voice-connectors.ts';
import type { Clock } from '../shared/clock.ts';
import { DomainError, field, fieldText } from '../shared/domain-error.ts';
import type { IdSource } from '../shared/ids.ts';
import type { PageTokens } from '../shared/page-tokens.ts';
import { pageByCreation, type Page, type PageRequest } from '../voice-connectors/creation-paging.ts';
import { checkQuota } from '../voice-connectors/voice-connector-rules.ts';
import type { SipRule, SipRuleTarget, SipRuleTriggerType } from './sip.ts';
import { checkTargets, parseTrigger, resolveTargets } from './sip-rules.ts';

/** What the writes of a rule read and write in one transaction, with their events. */
export interface SipRuleWrites {
  voiceConnectors: Pick<VoiceConnectorRepository, 'lockAccount' | 'existing'>;
  sipMediaApplications: Pick<SipMediaApplicationRepository, 'regionsOf'>;
  sipRules: Pick<SipRuleRepository, 'count' | 'insert' | 'get' | 'replace' | 'delete' | 'associateNumber' | 'dissociateNumbers'>;
  phoneNumbers: Pick<OwnedNumbers, 'get' | 'markAssigned' | 'markUnassignedWhereFree'>;
  events: EventAppender;
}

export interface SipRuleServiceOptions {
  sipRules: Pick<SipRuleRepository, 'get' | 'list'>;
  unitOfWork: UnitOfWork<SipRuleWrites>;
  clock: Clock;
  ids: IdSource;
  tokens: PageTokens;
  quotas: SipQuotaSource;
}

/** A target as a request gives it: the region may be left out (the application's is taken). */
export type RequestedTarget = Partial<SipRuleTarget>;

export interface NewSipRule {
  name: string;
  triggerType: SipRuleTriggerType;
  triggerValue: string;
  /** Default false. */
  disabled?: boolean;
  targets?: RequestedTarget[];
}

/** The product type a number must have to be wired to a SIP media application. */
const DIAL_IN = 'SipMediaApplicationDialIn';

export class SipRuleService {
  readonly #options: SipRuleServiceOptions;

  constructor(options: SipRuleServiceOptions) {
    this.#options = options;
  }

  /**
   * Stores a new rule with a fresh id and, for `ToPhoneNumber`, associates its number.
   * @throws DomainError `invalid` (trigger value, targets, a number the account does not own or of another product
   *   type, a host name of no connector of the account), `conflict` (another rule has the trigger, or the number is
   *   already associated), `limit-exceeded` at the account's quota
   */
  async create(accountId: string, request: NewSipRule): Promise<SipRule> {
    const { unitOfWork, clock, ids, quotas } = this.#options;
    const trigger = parseTrigger(request.triggerType, request.triggerValue);
    const requested = request.targets ?? [];
    checkTargets(requested);
    const { maxSipRulesPerAccount: max } = await quotas.sipQuotasOf(accountId);
    const now = clock.now();
    return unitOfWork.transaction(async ({ voiceConnectors, sipMediaApplications, sipRules, phoneNumbers, events }) => {
      await voiceConnectors.lockAccount(accountId);
      checkQuota(await sipRules.count(accountId, max), max, 'SIP rules', 'maxSipRulesPerAccount');
      const targets = resolveTargets(requested, await sipMediaApplications.regionsOf(accountId, requested.map((t) => t.sipMediaApplicationId!)));
      if ('voiceConnectorId' in trigger && !(await voiceConnectors.existing(accountId, [trigger.voiceConnectorId])).has(trigger.voiceConnectorId)) {
        throw new DomainError('invalid', fieldText`${field('triggerValue')} ${request.triggerValue} is not the outbound host name of a voice connector of this account`);
      }
      if ('e164' in trigger) await checkNumber(phoneNumbers, accountId, trigger.e164);
      const rule: SipRule = {
        id: ids.uuid(),
        accountId,
        name: request.name,
        disabled: request.disabled ?? false,
        triggerType: request.triggerType,
        triggerValue: request.triggerValue,
        targets,
        createdAt: now,
        updatedAt: now,
      };
      if (!(await sipRules.insert(rule))) {
        throw new DomainError('conflict', `A SIP rule with trigger ${request.triggerType} ${request.triggerValue} already exists`);
      }
      const recorded = [sipRuleEvents.created(ids, rule)];
      if ('e164' in trigger) {
        const associated = await sipRules.associateNumber(accountId, rule.id, trigger.e164, now);
        const assigned = associated && (await phoneNumbers.markAssigned(accountId, [trigger.e164], { productType: DIAL_IN, at: now })).has(trigger.e164);
        if (!assigned) throw alreadyAssociated(trigger.e164);
        recorded.push(numberAssigned(ids, { accountId, e164: trigger.e164, target: { kind: 'SipRuleId', id: rule.id }, at: now }));
      }
      await events.append(recorded);
      return rule;
    });
  }

  /** @throws DomainError `not-found` when the rule does not exist in this account */
  async get(accountId: string, id: string): Promise<SipRule> {
    return (await this.#options.sipRules.get(accountId, id)) ?? notFound(id);
  }

  /** One page of the account's rules, oldest first; with `sipMediaApplicationId`, only the rules that target it. */
  async list(accountId: string, request: PageRequest & { sipMediaApplicationId?: string }): Promise<Page<SipRule>> {
    const { sipRules, tokens } = this.#options;
    const targeting = request.sipMediaApplicationId;
    const listing = targeting === undefined ? 'ListSipRules' : `ListSipRules:${targeting}`;
    return pageByCreation(tokens, accountId, listing, request, (after, limit) =>
      sipRules.list(accountId, { after, limit, ...(targeting !== undefined && { targeting }) }),
    );
  }

  /**
   * Sets the name, and the disabled flag and targets when given (what is absent stays).
   * @throws DomainError `not-found`; `invalid` for targets that are not the account's applications
   */
  async update(accountId: string, id: string, changes: { name: string; disabled?: boolean; targets?: RequestedTarget[] }): Promise<SipRule> {
    const { unitOfWork, clock, ids } = this.#options;
    if (changes.targets !== undefined) checkTargets(changes.targets);
    return unitOfWork.transaction(async ({ voiceConnectors, sipMediaApplications, sipRules, events }) => {
      await voiceConnectors.lockAccount(accountId);
      const current = (await sipRules.get(accountId, id)) ?? notFound(id);
      const wanted = changes.targets;
      const targets =
        wanted === undefined
          ? current.targets
          : resolveTargets(wanted, await sipMediaApplications.regionsOf(accountId, wanted.map((t) => t.sipMediaApplicationId!)));
      const updated = { name: changes.name, disabled: changes.disabled ?? current.disabled, targets, updatedAt: clock.now() };
      if (!(await sipRules.replace(accountId, id, updated))) notFound(id);
      const rule = { ...current, ...updated };
      await events.append([sipRuleEvents.updated(ids, current, rule)]);
      return rule;
    });
  }

  /**
   * Deletes a disabled rule; its number (if any) loses the association and becomes `Unassigned` (its event comes
   * before the rule's).
   * @throws DomainError `not-found`; `conflict` while the rule is enabled
   */
  async delete(accountId: string, id: string): Promise<void> {
    const { unitOfWork, clock, ids } = this.#options;
    await unitOfWork.transaction(async ({ voiceConnectors, sipRules, phoneNumbers, events }) => {
      await voiceConnectors.lockAccount(accountId);
      const rule = (await sipRules.get(accountId, id)) ?? notFound(id);
      if (!rule.disabled) throw new DomainError('conflict', `SIP rule ${id} is enabled; disable it (UpdateSipRule with Disabled true) before deleting it`);
      const numbers = await sipRules.dissociateNumbers(accountId, id);
      if (!(await sipRules.delete(accountId, id))) notFound(id);
      const at = clock.now();
      if (numbers.length > 0) await phoneNumbers.markUnassignedWhereFree(accountId, numbers, at);
      const target = { kind: 'SipRuleId', id: rule.id } as const;
      await events.append([...numbers.map((e164) => numberUnassigned(ids, { accountId, e164, target, at })), sipRuleEvents.deleted(ids, rule, at)]);
    });
  }
}

/**
 * The number must be one the account owns now, of product type `SipMediaApplicationDialIn`, and free.
 * @throws DomainError `invalid` when it is not, `conflict` when it is already associated
 */
async function checkNumber(phoneNumbers: Pick<OwnedNumbers, 'get'>, accountId: string, e164: string): Promise<void> {
  const number = await phoneNumbers.get(accountId, e164);
  if (!number || number.active === false || !['Unassigned', 'Assigned'].includes(number.status)) {
    const why = number && number.active !== false ? ` (it is ${number.status})` : '';
    throw new DomainError('invalid', fieldText`${field('triggerValue')} ${e164} is not a phone number this account owns and can use${why}`);
  }
  if (number.productType !== DIAL_IN) {
    throw new DomainError(
      'invalid',
      fieldText`Phone number ${e164} has product type ${number.productType}; only SipMediaApplicationDialIn numbers can trigger a SIP rule`,
    );
  }
  if (number.status === 'Assigned') throw alreadyAssociated(e164);
}

function alreadyAssociated(e164: string): DomainError {
  return new DomainError('conflict', `Phone number ${e164} is already associated (with a SIP rule or a voice connector); remove that association first`);
}

function notFound(id: string): never {
  throw new DomainError('not-found', `No SIP rule with id ${id} exists in this account`);
}
