/**
 * Managing an account's webhook subscriptions (the signed admin API, the CLI, the configuration file): create (the
 * target checked against the allowed targets; the secret generated when not given), read, update (URL, types,
 * enabled, a new secret), delete, and the dead letters (list, redeliver by hand). A new subscription starts at its
 * account's last event sequence: it receives what happens after it, never a backfill.
 */
import { DomainError } from '../shared/domain-error.ts';
import type { Clock } from '../shared/clock.ts';
import type { IdSource } from '../shared/ids.ts';
import { EVENT_TYPES, isEventType, type EventType } from '../events/event-types.ts';
import type { EventRepository } from '../ports/events.ts';
import type { SecretSealer, TargetCheck, WebhookChanges, WebhookRepository, WebhookTransport } from '../ports/webhooks.ts';
import type { DeadLetter, PrunedEvents, StoredWebhook, WebhookSubscription } from './subscription.ts';
import { deliveryHeaders } from './webhook-delivery.ts';

/** What a create or update may say. */
export interface WebhookInput {
  url?: unknown;
  /** A list of event types, or null for every type. */
  types?: unknown;
  enabled?: unknown;
  /** A secret to use instead of a generated one. */
  secret?: unknown;
}

export interface WebhookSubscriptionsOptions {
  webhooks: WebhookRepository;
  events: Pick<EventRepository, 'lastSeq'>;
  targets: TargetCheck;
  sealer: SecretSealer;
  transport: WebhookTransport;
  clock: Clock;
  /** The signatures' `t` of redeliveries (real time); `clock` when absent. */
  signingClock?: Clock;
  ids: IdSource;
  maxPerAccount: number;
  /** The user agent of redeliveries (the worker's). */
  userAgent: string;
}

const MAX_URL = 2_048;
const MIN_SECRET = 16;
const MAX_SECRET = 256;
const MAX_DEAD_LETTERS = 1_000;

export class WebhookSubscriptions {
  readonly #o: WebhookSubscriptionsOptions;

  constructor(options: WebhookSubscriptionsOptions) {
    this.#o = options;
  }

  /** Creates a subscription; answers it with its secret (the generated one is shown only here). */
  async create(accountId: string, input: WebhookInput, id?: string): Promise<{ subscription: WebhookSubscription; secret: string }> {
    const { webhooks, clock, ids, sealer } = this.#o;
    const url = await this.#checkedUrl(input.url);
    const types = readTypes(input.types);
    const enabled = readEnabled(input.enabled) ?? true;
    const secret = input.secret === undefined ? `whsec_${ids.bytes(32).toString('base64url')}` : readSecret(input.secret);
    if ((await webhooks.count(accountId)) >= this.#o.maxPerAccount) {
      throw new DomainError('limit-exceeded', `The account already has ${this.#o.maxPerAccount} webhook subscriptions, the most it may have`);
    }
    const now = clock.now();
    const subscriptionId = id ?? ids.uuid();
    const webhook: StoredWebhook = {
      id: subscriptionId,
      accountId,
      url,
      ...(types === null || types === undefined ? {} : { types }),
      enabled,
      createdAt: now,
      updatedAt: now,
      // No backfill: what happened before the subscription is not delivered to it.
      delivery: { cursorSeq: await this.#o.events.lastSeq(accountId), attempts: 0, nextAttemptAt: now },
      secretCiphertext: sealer.seal(secret, subscriptionId),
    };
    await webhooks.insert(webhook);
    return { subscription: publicView(webhook), secret };
  }

  async list(accountId: string): Promise<WebhookSubscription[]> {
    return (await this.#o.webhooks.list(accountId)).map(publicView);
  }

  async get(accountId: string, id: string): Promise<WebhookSubscription> {
    return publicView(await this.#stored(accountId, id));
  }

  /**
   * Changes what `input` names; `rotateSecret` (or a given `secret`) replaces the secret, answered once.
   * @throws DomainError not-found, invalid
   */
  async update(accountId: string, id: string, input: WebhookInput & { rotateSecret?: unknown }): Promise<{ subscription: WebhookSubscription; secret?: string }> {
    const { webhooks, clock, ids, sealer } = this.#o;
    await this.#stored(accountId, id);
    const changes: WebhookChanges = { updatedAt: clock.now() };
    if (input.url !== undefined) changes.url = await this.#checkedUrl(input.url);
    const types = readTypes(input.types);
    if (types !== undefined) changes.types = types;
    const enabled = readEnabled(input.enabled);
    if (enabled !== undefined) changes.enabled = enabled;
    if (input.rotateSecret !== undefined && typeof input.rotateSecret !== 'boolean') throw new DomainError('invalid', 'rotateSecret must be true or false');
    let secret: string | undefined;
    if (input.secret !== undefined) secret = readSecret(input.secret);
    else if (input.rotateSecret === true) secret = `whsec_${ids.bytes(32).toString('base64url')}`;
    if (secret !== undefined) changes.secretCiphertext = sealer.seal(secret, id);
    if (!(await webhooks.update(accountId, id, changes))) throw notFound(id);
    const subscription = publicView(await this.#stored(accountId, id));
    return secret === undefined ? { subscription } : { subscription, secret };
  }

  /**
   * Brings the subscription to `input` (the configuration file's url, types and secret), changing only what differs:
   * when everything matches nothing is written (`updatedAt` stays, the secret is not sealed again). Answers whether
   * anything changed.
   * @throws DomainError not-found, invalid (a refused target, an unknown type, a bad secret)
   */
  async converge(accountId: string, id: string, input: { url: string; types: unknown; secret: string }): Promise<boolean> {
    const stored = await this.#stored(accountId, id);
    const changes: WebhookInput = {};
    if (normalizedUrl(input.url) !== stored.url) changes.url = input.url;
    const types = readTypes(input.types) ?? undefined;
    if (!sameTypes(types, stored.types)) changes.types = types ?? null;
    if (this.#o.sealer.open(stored.secretCiphertext, id) !== readSecret(input.secret)) changes.secret = input.secret;
    if (Object.keys(changes).length === 0) return false;
    await this.update(accountId, id, changes);
    return true;
  }

  async delete(accountId: string, id: string): Promise<void> {
    if (!(await this.#o.webhooks.delete(accountId, id))) throw notFound(id);
  }

  /** The subscription's dead letters and records of pruned events, newest sequence last. */
  async deadLetters(accountId: string, id: string): Promise<(DeadLetter | PrunedEvents)[]> {
    await this.#stored(accountId, id);
    return this.#o.webhooks.deadLetters(accountId, id, MAX_DEAD_LETTERS);
  }

  /**
   * Sends a dead letter again now, with the body it had (same event id), signed with the current secret; on a 2xx it
   * leaves the dead letters. Answers the outcome; a failure keeps it.
   */
  async redeliver(accountId: string, id: string, eventId: string): Promise<{ delivered: boolean; status?: number; error?: string }> {
    const { webhooks, transport, clock, sealer } = this.#o;
    const stored = await this.#stored(accountId, id);
    const letter = await webhooks.getDeadLetter(accountId, id, eventId);
    if (letter === undefined) throw new DomainError('not-found', `The webhook subscription ${id} has no dead letter for event ${eventId}`);
    const refusal = await this.#o.targets.refusal(stored.url);
    if (refusal !== undefined) return { delivered: false, error: refusal };
    const headers = deliveryHeaders({
      secret: sealer.open(stored.secretCiphertext, id),
      body: letter.body,
      eventId: letter.eventId,
      type: letter.type,
      attempt: letter.attempts + 1,
      now: (this.#o.signingClock ?? clock).now(),
      userAgent: this.#o.userAgent,
    });
    const response = await transport.send({ url: stored.url, headers, body: letter.body });
    if ('error' in response) return { delivered: false, error: response.error };
    if (response.status < 200 || response.status > 299) return { delivered: false, status: response.status };
    await webhooks.removeDeadLetter(accountId, id, eventId);
    return { delivered: true, status: response.status };
  }

  async #stored(accountId: string, id: string): Promise<StoredWebhook> {
    const stored = await this.#o.webhooks.get(accountId, id);
    if (stored === undefined) throw notFound(id);
    return stored;
  }

  async #checkedUrl(value: unknown): Promise<string> {
    if (typeof value !== 'string' || value === '') throw new DomainError('invalid', 'url must be an http:// or https:// URL');
    if (value.length > MAX_URL) throw new DomainError('invalid', `url must be at most ${MAX_URL} characters`);
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      throw new DomainError('invalid', 'url must be an http:// or https:// URL');
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new DomainError('invalid', 'url must be an http:// or https:// URL');
    if (parsed.username !== '' || parsed.password !== '') throw new DomainError('invalid', 'url must not carry a user name or password (the signature authenticates deliveries)');
    const refusal = await this.#o.targets.refusal(parsed.href);
    if (refusal !== undefined) throw new DomainError('invalid', `The webhook target is not allowed: ${refusal}`);
    return parsed.href;
  }
}

/** A subscription without its sealed secret. */
export function publicView(stored: StoredWebhook): WebhookSubscription {
  const { id, accountId, url, types, enabled, createdAt, updatedAt, delivery } = stored;
  return { id, accountId, url, ...(types && { types }), enabled, createdAt, updatedAt, delivery };
}

/** The URL as stored (WHATWG-normalized), or as given when it does not parse (an update refuses it then). */
export function normalizedUrl(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return url;
  }
}

/** Whether two type filters select the same types (absent: every type). */
function sameTypes(a: readonly EventType[] | undefined, b: readonly EventType[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && a.every((type) => b.includes(type));
}

function notFound(id: string): DomainError {
  return new DomainError('not-found', `No webhook subscription ${id.slice(0, 64)} in this account`);
}

/** undefined: not given; null: every type. */
function readTypes(value: unknown): EventType[] | null | undefined {
  if (value === undefined || value === null) return value;
  if (!Array.isArray(value) || value.length === 0 || value.length > EVENT_TYPES.length) {
    throw new DomainError('invalid', 'types must be a non-empty list of event types, or null for every type');
  }
  const types = new Set<EventType>();
  for (const type of value) {
    if (typeof type !== 'string' || !isEventType(type)) {
      throw new DomainError('invalid', `Unknown event type ${JSON.stringify(typeof type === 'string' ? type.slice(0, 64) : type)}; the types are: ${EVENT_TYPES.join(', ')}`);
    }
    types.add(type);
  }
  return [...types];
}

function readEnabled(value: unknown): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw new DomainError('invalid', 'enabled must be true or false');
  return value;
}

function readSecret(value: unknown): string {
  if (typeof value !== 'string' || value.length < MIN_SECRET || value.length > MAX_SECRET || !/^[\x21-\x7e]+$/.test(value)) {
    throw new DomainError('invalid', `secret must be ${MIN_SECRET} to ${MAX_SECRET} printable ASCII characters without spaces`);
  }
  return value;
}
