/**
 * Proxy sessions of a voice connector: create (the proxy numbers chosen from the connector's pool, see
 * proxy-session-rules.ts), get, list (all, open or closed), update (capabilities and minutes of an open session) and
 * delete, always within one account. Writes run under the account's voice lock, as every write of the voice resources
 * does: two creates on one connector never hand out the same number to the same participant.
 */
import { proxySessionEvents } from '../events/resource-events.ts';
import type { EventAppender } from '../ports/events.ts';
import type { ProxySessionRepository, SessionScope } from '../ports/proxy-sessions.ts';
import type { UnitOfWork } from '../ports/unit-of-work.ts';
import type { VoiceConnectorRepository } from '../ports/voice-connectors.ts';
import type { Clock } from '../shared/clock.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { IdSource } from '../shared/ids.ts';
import type { PageTokens } from '../shared/page-tokens.ts';
import { pageByCreation, type Page, type PageRequest } from '../voice-connectors/creation-paging.ts';
import { statusAt, type Capability, type GeoMatchLevel, type GeoMatchParams, type NumberSelectionBehavior, type ProxySession, type ProxySessionStatus } from './proxy-session.ts';
import { checkCapabilities, checkExpiryMinutes, checkParticipants, chooseProxyNumbers, inPoolCountries } from './proxy-session-rules.ts';

/** What the writes of a session read and write in one transaction (under the account's voice lock), with their events. */
export interface ProxySessionWrites {
  voiceConnectors: Pick<VoiceConnectorRepository, 'lockAccount' | 'settingsOf'>;
  proxySessions: ProxySessionRepository;
  events: EventAppender;
}

export interface ProxySessionServiceOptions {
  voiceConnectors: Pick<VoiceConnectorRepository, 'get'>;
  proxySessions: Pick<ProxySessionRepository, 'get' | 'list'>;
  unitOfWork: UnitOfWork<ProxySessionWrites>;
  clock: Clock;
  ids: IdSource;
  tokens: PageTokens;
}

export interface NewProxySession {
  participantPhoneNumbers: readonly string[];
  name?: string;
  expiryMinutes?: number;
  capabilities: readonly Capability[];
  numberSelectionBehavior?: NumberSelectionBehavior;
  geoMatchLevel?: GeoMatchLevel;
  geoMatchParams?: GeoMatchParams;
}

/** The pair's earlier sessions that stickiness looks at. */
const HISTORY = 20;
const LISTING = 'ListProxySessions';

export class ProxySessionService {
  readonly #options: ProxySessionServiceOptions;

  constructor(options: ProxySessionServiceOptions) {
    this.#options = options;
  }

  /** The clock the answers' statuses are read at. */
  now(): Date {
    return this.#options.clock.now();
  }

  /**
   * Opens a session with a fresh id on the connector, its proxy numbers chosen from the connector's pool.
   * @throws DomainError `not-found` (the connector); `invalid` (the request, a connector without an enabled proxy
   *   configuration, no free proxy number)
   */
  async create(scope: SessionScope, request: NewProxySession): Promise<ProxySession> {
    const { unitOfWork, clock, ids } = this.#options;
    const participants = checkParticipants(request.participantPhoneNumbers);
    const capabilities = checkCapabilities(request.capabilities);
    if (request.expiryMinutes !== undefined) checkExpiryMinutes(request.expiryMinutes);
    return unitOfWork.transaction(async ({ voiceConnectors, proxySessions, events }) => {
      await voiceConnectors.lockAccount(scope.accountId);
      const settings = (await voiceConnectors.settingsOf(scope.accountId, scope.voiceConnectorId)) ?? connectorNotFound(scope);
      const proxy = settings.proxy;
      if (proxy === undefined) {
        throw new DomainError('invalid', `Voice connector ${scope.voiceConnectorId} has no proxy configuration: put one with PutVoiceConnectorProxy first`);
      }
      if (proxy.disabled) throw new DomainError('invalid', `The proxy configuration of voice connector ${scope.voiceConnectorId} is disabled: no new proxy session can start`);
      const now = clock.now();
      const pool = (await proxySessions.connectorNumbers(scope)).filter((n) => inPoolCountries(n, proxy.phoneNumberCountries));
      const busy = new Map<string, Set<string>>(participants.map((p) => [p, new Set<string>()]));
      for (const open of await proxySessions.openWith(scope, participants, now)) {
        for (const p of open.participants) busy.get(p.phoneNumber)?.add(p.proxyPhoneNumber);
      }
      const history = await proxySessions.ofPair(scope, participants, HISTORY);
      const session: ProxySession = {
        id: ids.uuid(),
        accountId: scope.accountId,
        voiceConnectorId: scope.voiceConnectorId,
        ...(request.name !== undefined && { name: request.name }),
        capabilities,
        expiryMinutes: request.expiryMinutes ?? proxy.defaultSessionExpiryMinutes,
        ...(request.numberSelectionBehavior !== undefined && { numberSelectionBehavior: request.numberSelectionBehavior }),
        ...(request.geoMatchLevel !== undefined && { geoMatchLevel: request.geoMatchLevel }),
        ...(request.geoMatchParams !== undefined && { geoMatchParams: { ...request.geoMatchParams } }),
        participants: chooseProxyNumbers({ ...request, pool, participants, busy, history }, scope.voiceConnectorId),
        createdAt: now,
        updatedAt: now,
      };
      await proxySessions.insert(session);
      await events.append([proxySessionEvents.created(ids, session)]);
      return session;
    });
  }

  /** @throws DomainError `not-found` (the connector or the session) */
  async get(scope: SessionScope, id: string): Promise<ProxySession> {
    await this.#connector(scope);
    return (await this.#options.proxySessions.get(scope, id)) ?? sessionNotFound(scope, id);
  }

  /** One page of the connector's sessions, oldest first: all, or those of one status now. @throws DomainError `not-found` */
  async list(scope: SessionScope, request: PageRequest & { status?: ProxySessionStatus }): Promise<Page<ProxySession>> {
    const { proxySessions, tokens, clock } = this.#options;
    await this.#connector(scope);
    // No session is ever in progress: no call or message reaches dialtone.
    if (request.status === 'InProgress') return { items: [] };
    const now = clock.now();
    const open = request.status === undefined ? undefined : request.status === 'Open';
    // The token is bound to the connector and the status asked.
    const listing = `${LISTING}/${scope.voiceConnectorId}/${request.status ?? ''}`;
    return pageByCreation(tokens, scope.accountId, listing, request, (after, limit) =>
      proxySessions.list(scope, { now, limit, ...(open !== undefined && { open }), ...(after && { after }) }),
    );
  }

  /**
   * Replaces the capabilities and, when given, the minutes (counted from the session's creation) of an open session.
   * @throws DomainError `not-found`; `invalid` (the request, a closed session)
   */
  async update(scope: SessionScope, id: string, changes: { capabilities: readonly Capability[]; expiryMinutes?: number }): Promise<ProxySession> {
    const { unitOfWork, clock, ids } = this.#options;
    const capabilities = checkCapabilities(changes.capabilities);
    if (changes.expiryMinutes !== undefined) checkExpiryMinutes(changes.expiryMinutes);
    return unitOfWork.transaction(async ({ voiceConnectors, proxySessions, events }) => {
      await voiceConnectors.lockAccount(scope.accountId);
      const current = (await proxySessions.get(scope, id)) ?? sessionNotFound(scope, id);
      const now = clock.now();
      if (statusAt(current, now) === 'Closed') {
        throw new DomainError('invalid', `Proxy session ${id} is closed; a closed session cannot be updated`);
      }
      const expiryMinutes = changes.expiryMinutes ?? current.expiryMinutes;
      const updated = (await proxySessions.update(scope, id, { capabilities, expiryMinutes, updatedAt: now })) ?? sessionNotFound(scope, id);
      await events.append([proxySessionEvents.updated(ids, current, updated)]);
      return updated;
    });
  }

  /** Deletes the session, open or closed. @throws DomainError `not-found` */
  async delete(scope: SessionScope, id: string): Promise<void> {
    const { unitOfWork, clock, ids } = this.#options;
    await unitOfWork.transaction(async ({ voiceConnectors, proxySessions, events }) => {
      await voiceConnectors.lockAccount(scope.accountId);
      const current = (await proxySessions.get(scope, id)) ?? sessionNotFound(scope, id);
      if (!(await proxySessions.delete(scope, id))) sessionNotFound(scope, id);
      await events.append([proxySessionEvents.deleted(ids, current, clock.now())]);
    });
  }

  async #connector(scope: SessionScope): Promise<void> {
    if ((await this.#options.voiceConnectors.get(scope.accountId, scope.voiceConnectorId)) === undefined) connectorNotFound(scope);
  }
}

function connectorNotFound(scope: SessionScope): never {
  throw new DomainError('not-found', `No voice connector with id ${scope.voiceConnectorId} exists in this account`);
}

function sessionNotFound(scope: SessionScope, id: string): never {
  throw new DomainError('not-found', `No proxy session with id ${id} exists on voice connector ${scope.voiceConnectorId}`);
}
