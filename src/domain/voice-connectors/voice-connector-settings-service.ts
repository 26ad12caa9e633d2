/**
 * A voice connector's SIP trunk settings: origination, termination, termination credentials, and the logging,
 * streaming, emergency calling, proxy and external systems configurations, each read, put (and, but logging, deleted)
 * within the connector's account. A write runs
 * under the account's voice lock (as every write of connectors does), checks the connector exists there, and records
 * `Voice Connector Settings Changed` in its transaction with the setting as it now is (never a password). Reading a
 * setting that was never put answers undefined, not an error.
 */
import { voiceConnectorSettingsChanged, type SettingChange } from '../events/voice-connector-settings-events.ts';
import type { EventAppender } from '../ports/events.ts';
import type { UnitOfWork } from '../ports/unit-of-work.ts';
import type { SettingsChanges, VoiceConnectorRepository } from '../ports/voice-connectors.ts';
import type { Clock } from '../shared/clock.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { IdSource } from '../shared/ids.ts';
import { hashPassword } from './credential-hash.ts';
import { emergencyCallingOf, type DnisEmergencyCalling, type EmergencyCalling } from './emergency-calling.ts';
import { proxyOf, type ProxyConfiguration } from './proxy.ts';
import { externalSystemsOf, type ExternalSystemsConfiguration } from './external-systems.ts';
import {
  checkCredentials,
  loggingOf,
  originationOf,
  streamingOf,
  terminationOf,
  withCredentials,
  type LoggingConfiguration,
  type Origination,
  type StreamingConfiguration,
  type RouteRequest,
  type Termination,
  type VoiceConnectorSettings,
} from './voice-connector-settings.ts';

/** What a settings write reads and writes in one transaction. */
export interface VoiceConnectorSettingsWrites {
  voiceConnectors: Pick<VoiceConnectorRepository, 'lockAccount' | 'get' | 'settingsOf' | 'putSettings'>;
  events: EventAppender;
}

export interface VoiceConnectorSettingsServiceOptions {
  /** Reads outside a transaction. */
  voiceConnectors: Pick<VoiceConnectorRepository, 'settingsOf'>;
  unitOfWork: UnitOfWork<VoiceConnectorSettingsWrites>;
  clock: Clock;
  ids: IdSource;
}

export class VoiceConnectorSettingsService {
  readonly #options: VoiceConnectorSettingsServiceOptions;

  constructor(options: VoiceConnectorSettingsServiceOptions) {
    this.#options = options;
  }

  /** @throws DomainError `not-found` */
  async origination(accountId: string, id: string): Promise<Origination | undefined> {
    return (await this.#settings(accountId, id)).origination;
  }

  /** @throws DomainError `not-found` */
  async termination(accountId: string, id: string): Promise<Termination | undefined> {
    return (await this.#settings(accountId, id)).termination;
  }

  /** The usernames of the termination credentials, in the order they were first put. @throws DomainError `not-found` */
  async usernames(accountId: string, id: string): Promise<string[]> {
    return (await this.#settings(accountId, id)).credentials.map((credential) => credential.username);
  }

  /**
   * Replaces the origination (the defaults filled: see voice-connector-settings.ts) and answers it as stored.
   * @throws DomainError `invalid`, `not-found`
   */
  async putOrigination(accountId: string, id: string, request: { routes?: RouteRequest[]; disabled?: boolean }): Promise<Origination> {
    return this.#write(accountId, id, (connector) => {
      const origination = originationOf(request, connector.requireEncryption);
      return { changes: { origination }, change: { setting: 'Origination', origination }, answer: origination };
    });
  }

  /** Deletes the origination (nothing to do when it has none). @throws DomainError `not-found` */
  async deleteOrigination(accountId: string, id: string): Promise<void> {
    await this.#write(accountId, id, (_connector, settings) =>
      settings.origination === undefined ? undefined : { changes: { origination: null }, change: { setting: 'Origination' }, answer: undefined },
    );
  }

  /** Replaces the termination (the defaults filled) and answers it as stored. @throws DomainError `invalid`, `not-found` */
  async putTermination(accountId: string, id: string, request: Partial<Termination>): Promise<Termination> {
    const termination = terminationOf(request);
    return this.#write(accountId, id, () => ({ changes: { termination }, change: { setting: 'Termination', termination }, answer: termination }));
  }

  /** Deletes the termination (nothing to do when it has none). @throws DomainError `not-found` */
  async deleteTermination(accountId: string, id: string): Promise<void> {
    await this.#write(accountId, id, (_connector, settings) =>
      settings.termination === undefined ? undefined : { changes: { termination: null }, change: { setting: 'Termination' }, answer: undefined },
    );
  }

  /**
   * Adds credentials; a username the connector has takes the new password. Only a hash of each password is kept.
   * @throws DomainError `invalid`, `not-found`
   */
  async putCredentials(accountId: string, id: string, request: readonly { username?: string; password?: string }[]): Promise<void> {
    const given = checkCredentials(request);
    const { ids } = this.#options;
    // Hashed before the transaction: scrypt takes tens of milliseconds, which the account's lock need not wait for.
    const hashed = await Promise.all(given.map(async ({ username, password }) => ({ username, passwordHash: await hashPassword(ids, password) })));
    await this.#write(accountId, id, (_connector, settings) => {
      if (hashed.length === 0) return undefined;
      const credentials = withCredentials(settings.credentials, hashed);
      return { changes: { credentials }, change: { setting: 'TerminationCredentials', usernames: credentials.map((c) => c.username) }, answer: undefined };
    });
  }

  /** Removes the credentials of these usernames (usernames it lacks are ignored). @throws DomainError `not-found` */
  async deleteCredentials(accountId: string, id: string, usernames: readonly string[]): Promise<void> {
    const removed = new Set(usernames);
    await this.#write(accountId, id, (_connector, settings) => {
      const credentials = settings.credentials.filter((credential) => !removed.has(credential.username));
      if (credentials.length === settings.credentials.length) return undefined;
      return { changes: { credentials }, change: { setting: 'TerminationCredentials', usernames: credentials.map((c) => c.username) }, answer: undefined };
    });
  }

  /** @throws DomainError `not-found` */
  async logging(accountId: string, id: string): Promise<LoggingConfiguration | undefined> {
    return (await this.#settings(accountId, id)).logging;
  }

  /** Replaces the logging configuration (what is not given is off) and answers it. @throws DomainError `not-found` */
  async putLogging(accountId: string, id: string, request: Partial<LoggingConfiguration>): Promise<LoggingConfiguration> {
    const logging = loggingOf(request);
    return this.#write(accountId, id, () => ({ changes: { logging }, change: { setting: 'LoggingConfiguration', logging }, answer: logging }));
  }

  /** @throws DomainError `not-found` */
  async streaming(accountId: string, id: string): Promise<StreamingConfiguration | undefined> {
    return (await this.#settings(accountId, id)).streaming;
  }

  /** Replaces the streaming configuration and answers it. @throws DomainError `invalid`, `not-found` */
  async putStreaming(accountId: string, id: string, request: StreamingConfiguration): Promise<StreamingConfiguration> {
    const streaming = streamingOf(request);
    return this.#write(accountId, id, () => ({ changes: { streaming }, change: { setting: 'StreamingConfiguration', streaming }, answer: streaming }));
  }

  /** Deletes the streaming configuration (nothing to do when it has none). @throws DomainError `not-found` */
  async deleteStreaming(accountId: string, id: string): Promise<void> {
    await this.#write(accountId, id, (_connector, settings) =>
      settings.streaming === undefined ? undefined : { changes: { streaming: null }, change: { setting: 'StreamingConfiguration' }, answer: undefined },
    );
  }

  /** @throws DomainError `not-found` */
  async emergencyCalling(accountId: string, id: string): Promise<EmergencyCalling | undefined> {
    return (await this.#settings(accountId, id)).emergencyCalling;
  }

  /**
   * Replaces the emergency calling configuration and answers it as stored; the connector's origination and termination
   * must be there, enabled (see emergency-calling.ts).
   * @throws DomainError `invalid`, `not-found`
   */
  async putEmergencyCalling(accountId: string, id: string, request: { dnis?: readonly DnisEmergencyCalling[] }): Promise<EmergencyCalling> {
    return this.#write(accountId, id, (_connector, settings) => {
      const emergencyCalling = emergencyCallingOf(request, settings);
      return { changes: { emergencyCalling }, change: { setting: 'EmergencyCallingConfiguration', emergencyCalling }, answer: emergencyCalling };
    });
  }

  /** Deletes the emergency calling configuration (nothing to do when it has none). @throws DomainError `not-found` */
  async deleteEmergencyCalling(accountId: string, id: string): Promise<void> {
    await this.#write(accountId, id, (_connector, settings) =>
      settings.emergencyCalling === undefined
        ? undefined
        : { changes: { emergencyCalling: null }, change: { setting: 'EmergencyCallingConfiguration' }, answer: undefined },
    );
  }

  /** @throws DomainError `not-found` */
  async proxy(accountId: string, id: string): Promise<ProxyConfiguration | undefined> {
    return (await this.#settings(accountId, id)).proxy;
  }

  /** Replaces the proxy configuration and answers it as stored. @throws DomainError `invalid`, `not-found` */
  async putProxy(accountId: string, id: string, request: Parameters<typeof proxyOf>[0]): Promise<ProxyConfiguration> {
    const proxy = proxyOf(request);
    return this.#write(accountId, id, () => ({ changes: { proxy }, change: { setting: 'Proxy', proxy }, answer: proxy }));
  }

  /** Deletes the proxy configuration (nothing to do when it has none). @throws DomainError `not-found` */
  async deleteProxy(accountId: string, id: string): Promise<void> {
    await this.#write(accountId, id, (_connector, settings) =>
      settings.proxy === undefined ? undefined : { changes: { proxy: null }, change: { setting: 'Proxy' }, answer: undefined },
    );
  }

  /** @throws DomainError `not-found` */
  async externalSystems(accountId: string, id: string): Promise<ExternalSystemsConfiguration | undefined> {
    return (await this.#settings(accountId, id)).externalSystems;
  }

  /** Replaces the external systems configuration and answers it as stored. @throws DomainError `invalid`, `not-found` */
  async putExternalSystems(accountId: string, id: string, request: Parameters<typeof externalSystemsOf>[0]): Promise<ExternalSystemsConfiguration> {
    const externalSystems = externalSystemsOf(request);
    return this.#write(accountId, id, () => ({ changes: { externalSystems }, change: { setting: 'ExternalSystemsConfiguration', externalSystems }, answer: externalSystems }));
  }

  /** Deletes the external systems configuration (nothing to do when it has none). @throws DomainError `not-found` */
  async deleteExternalSystems(accountId: string, id: string): Promise<void> {
    await this.#write(accountId, id, (_connector, settings) =>
      settings.externalSystems === undefined
        ? undefined
        : { changes: { externalSystems: null }, change: { setting: 'ExternalSystemsConfiguration' }, answer: undefined },
    );
  }

  async #settings(accountId: string, id: string): Promise<VoiceConnectorSettings> {
    return (await this.#options.voiceConnectors.settingsOf(accountId, id)) ?? notFound(id);
  }

  /**
   * Runs `decide` under the account's lock on the connector and its settings as they are; writes what it returns and
   * records the change (nothing when it returns undefined: no change).
   */
  async #write<T>(
    accountId: string,
    id: string,
    decide: (
      connector: { requireEncryption: boolean },
      settings: VoiceConnectorSettings,
    ) => { changes: SettingsChanges; change: SettingChange; answer: T } | undefined,
  ): Promise<T> {
    const { unitOfWork, clock, ids } = this.#options;
    return unitOfWork.transaction(async ({ voiceConnectors, events }) => {
      await voiceConnectors.lockAccount(accountId);
      const connector = (await voiceConnectors.get(accountId, id)) ?? notFound(id);
      const settings = (await voiceConnectors.settingsOf(accountId, id)) ?? notFound(id);
      const decided = decide(connector, settings);
      if (decided === undefined) return undefined as T;
      if (!(await voiceConnectors.putSettings(accountId, id, decided.changes))) notFound(id);
      await events.append([voiceConnectorSettingsChanged(ids, connector, decided.change, clock.now())]);
      return decided.answer;
    });
  }
}

function notFound(id: string): never {
  throw new DomainError('not-found', `No voice connector with id ${id} exists in this account`);
}
