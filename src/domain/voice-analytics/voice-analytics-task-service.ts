/**
 * Voice analytics tasks of a connector's calls: start a speaker search or a voice tone analysis, get one, stop one,
 * within one account (the rules: voice-analytics-task.ts). Writes run under the account's voice lock, as every write
 * of the voice resources does: two starts for one call never both run, and no task outlives its connector's deletion.
 */
import { voiceAnalyticsTaskStarted, voiceAnalyticsTaskStopped } from '../events/voice-analytics-events.ts';
import type { CallSpeakers } from '../ports/call-speakers.ts';
import type { EventAppender } from '../ports/events.ts';
import type { UnitOfWork } from '../ports/unit-of-work.ts';
import type { TaskScope, VoiceAnalyticsTaskRepository } from '../ports/voice-analytics-tasks.ts';
import type { VoiceConnectorRepository } from '../ports/voice-connectors.ts';
import type { VoiceProfileDomainRepository } from '../ports/voice-profile-domains.ts';
import type { VoiceProfileRepository } from '../ports/voice-profiles.ts';
import type { Clock } from '../shared/clock.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { IdSource } from '../shared/ids.ts';
import { checkVoiceAnalyticsOn, kindName, retentionStart, succeedsAt, taskStateAt, type CallLeg, type VoiceAnalyticsTask } from './voice-analytics-task.ts';
import { voiceProfileDomainNotFound } from '../voice-profile-domains/voice-profile-domain-rules.ts';
import { voiceprintOf } from './voice-profile.ts';

/** What a task's writes read and write in one transaction (under the account's voice lock), with their events. */
export interface VoiceAnalyticsTaskWrites {
  voiceConnectors: Pick<VoiceConnectorRepository, 'lockAccount' | 'get' | 'settingsOf'>;
  voiceProfileDomains: Pick<VoiceProfileDomainRepository, 'get'>;
  voiceAnalyticsTasks: VoiceAnalyticsTaskRepository;
  events: EventAppender;
}

export interface VoiceAnalyticsTaskServiceOptions {
  voiceConnectors: Pick<VoiceConnectorRepository, 'get'>;
  voiceAnalyticsTasks: Pick<VoiceAnalyticsTaskRepository, 'get'>;
  voiceProfiles: Pick<VoiceProfileRepository, 'matching'>;
  unitOfWork: UnitOfWork<VoiceAnalyticsTaskWrites>;
  clock: Clock;
  ids: IdSource;
  /** Who speaks on calls' legs, as tests name them; without it, each leg is its own speaker. */
  speakers?: CallSpeakers;
}

export interface NewSpeakerSearch {
  transactionId: string;
  voiceProfileDomainId: string;
  /** `Caller` when absent. */
  callLeg?: CallLeg;
  clientRequestToken?: string;
}

export interface NewVoiceToneAnalysis {
  transactionId: string;
  languageCode: string;
  clientRequestToken?: string;
}

/** A voice profile a speaker search found: the same voiceprint, so the same speaker. */
export interface SpeakerMatch {
  voiceProfileId: string;
  /** 1: dialtone's voiceprints are the speakers themselves. */
  confidenceScore: number;
}

/** Tasks older than the retention that one start deletes, at most (the rest go with later starts). */
const PRUNED_PER_START = 100;

export class VoiceAnalyticsTaskService {
  readonly #options: VoiceAnalyticsTaskServiceOptions;

  constructor(options: VoiceAnalyticsTaskServiceOptions) {
    this.#options = options;
  }

  /** The clock the answers' statuses are read at. */
  now(): Date {
    return this.#options.clock.now();
  }

  /**
   * Starts a speaker search of one leg of the call, against a voice profile domain of the account in `region` (the
   * request's).
   * @throws DomainError `not-found` (the connector, the domain); `invalid` (voice analytics off); `conflict` (a search
   *   of that leg runs, or the token started another task)
   */
  async startSpeakerSearch(accountId: string, voiceConnectorId: string, region: string, request: NewSpeakerSearch): Promise<VoiceAnalyticsTask> {
    const callLeg = request.callLeg ?? 'Caller';
    const speaker = await this.#options.speakers?.speakerOf(request.transactionId, callLeg);
    const voiceprint = voiceprintOf({ accountId, voiceConnectorId, transactionId: request.transactionId, callLeg }, speaker);
    return this.#start({ accountId, voiceConnectorId, kind: 'speaker-search' }, request, { callLeg, voiceProfileDomainId: request.voiceProfileDomainId, voiceprint }, async (writes) => {
      if ((await writes.voiceProfileDomains.get({ accountId, region }, request.voiceProfileDomainId)) === undefined) voiceProfileDomainNotFound({ region }, request.voiceProfileDomainId);
    });
  }

  /**
   * Starts a voice tone analysis of the call (both legs).
   * @throws DomainError `not-found` (the connector); `invalid` (voice analytics off); `conflict` (an analysis of the
   *   call runs, or the token started another task)
   */
  async startVoiceToneAnalysis(accountId: string, voiceConnectorId: string, request: NewVoiceToneAnalysis): Promise<VoiceAnalyticsTask> {
    return this.#start({ accountId, voiceConnectorId, kind: 'voice-tone' }, request, { languageCode: request.languageCode });
  }

  /** @throws DomainError `not-found` (the connector, or no such task of the last day) */
  async get(scope: TaskScope, id: string): Promise<VoiceAnalyticsTask> {
    const { voiceConnectors, voiceAnalyticsTasks, clock } = this.#options;
    if ((await voiceConnectors.get(scope.accountId, scope.voiceConnectorId)) === undefined) connectorNotFound(scope.voiceConnectorId);
    return (await voiceAnalyticsTasks.get(scope, id, retentionStart(clock.now()))) ?? taskNotFound(scope, id);
  }

  /**
   * The voice profiles a speaker search found once it has succeeded: those of its domain that existed when it succeeded
   * and have its voiceprint (an update that enrols the same speaker again keeps a profile among them; one that enrols
   * another speaker takes it out), not expired or deleted since, oldest first; none while it runs, or if it was
   * stopped before.
   */
  async matches(task: VoiceAnalyticsTask): Promise<SpeakerMatch[]> {
    const { voiceProfiles, clock } = this.#options;
    const now = clock.now();
    const success = succeedsAt(task);
    if (success === undefined || taskStateAt(task, now).status !== 'SUCCEEDED' || task.voiceProfileDomainId === undefined) return [];
    const found = await voiceProfiles.matching(task.accountId, task.voiceProfileDomainId, task.voiceprint ?? voiceprintOf(task), success, now);
    return found.map((profile) => ({ voiceProfileId: profile.id, confidenceScore: 1 }));
  }

  /**
   * Stops the task and records it; a task already stopped stays as it is (no event). A speaker search that has
   * succeeded is stopped too, and reads `SUCCEEDED` still.
   * @throws DomainError `not-found` (the connector, or no such task of the last day)
   */
  async stop(scope: TaskScope, id: string): Promise<void> {
    const { unitOfWork, clock, ids } = this.#options;
    await unitOfWork.transaction(async ({ voiceConnectors, voiceAnalyticsTasks, events }) => {
      await voiceConnectors.lockAccount(scope.accountId);
      const connector = (await voiceConnectors.get(scope.accountId, scope.voiceConnectorId)) ?? connectorNotFound(scope.voiceConnectorId);
      const now = clock.now();
      const task = (await voiceAnalyticsTasks.get(scope, id, retentionStart(now))) ?? taskNotFound(scope, id);
      if (await voiceAnalyticsTasks.stop(scope, id, now)) await events.append([voiceAnalyticsTaskStopped(ids, task, connector.awsRegion, now)]);
    });
  }

  async #start(
    scope: TaskScope,
    request: { transactionId: string; clientRequestToken?: string },
    own: Pick<VoiceAnalyticsTask, 'callLeg' | 'voiceProfileDomainId' | 'voiceprint' | 'languageCode'>,
    check?: (writes: VoiceAnalyticsTaskWrites) => Promise<void>,
  ): Promise<VoiceAnalyticsTask> {
    const { unitOfWork, clock, ids } = this.#options;
    return unitOfWork.transaction(async (writes) => {
      const { voiceConnectors, voiceAnalyticsTasks, events } = writes;
      await voiceConnectors.lockAccount(scope.accountId);
      const connector = (await voiceConnectors.get(scope.accountId, scope.voiceConnectorId)) ?? connectorNotFound(scope.voiceConnectorId);
      const now = clock.now();
      const since = retentionStart(now);
      const task: VoiceAnalyticsTask = {
        id: ids.uuid(),
        kind: scope.kind,
        accountId: scope.accountId,
        voiceConnectorId: scope.voiceConnectorId,
        transactionId: request.transactionId,
        ...own,
        ...(request.clientRequestToken !== undefined && { clientRequestToken: request.clientRequestToken }),
        createdAt: now,
      };
      // Before the retry's lookup: a retry in another region does not find the domain either.
      await check?.(writes);
      if (request.clientRequestToken !== undefined) {
        const earlier = await voiceAnalyticsTasks.byClientRequestToken(scope.accountId, scope.kind, request.clientRequestToken, since);
        if (earlier !== undefined) {
          if (sameStart(earlier, task)) return earlier;
          throw new DomainError('conflict', `ClientRequestToken ${request.clientRequestToken} already started ${kindName(scope.kind)} ${earlier.id} with other parameters; use a new token for a new task`);
        }
      }
      checkVoiceAnalyticsOn((await voiceConnectors.settingsOf(scope.accountId, scope.voiceConnectorId)) ?? { credentials: [] }, scope.voiceConnectorId);
      // A speaker search that has succeeded no longer listens: only one in progress holds the leg.
      const unstopped = await voiceAnalyticsTasks.unstopped(scope, { transactionId: request.transactionId, ...(own.callLeg !== undefined && { callLeg: own.callLeg }) }, since);
      const running = unstopped.find((task) => taskStateAt(task, now).status === 'IN_PROGRESS');
      if (running !== undefined) {
        const of = own.callLeg === undefined ? `call ${request.transactionId}` : `the ${own.callLeg} leg of call ${request.transactionId}`;
        throw new DomainError('conflict', `${capitalized(kindName(scope.kind))} ${running.id} already runs for ${of}; stop it first`);
      }
      await voiceAnalyticsTasks.prune(scope.accountId, since, PRUNED_PER_START);
      await voiceAnalyticsTasks.insert(task);
      await events.append([voiceAnalyticsTaskStarted(ids, task, connector.awsRegion)]);
      return task;
    });
  }
}

/** Whether a retry asks for what the earlier start did. */
function sameStart(earlier: VoiceAnalyticsTask, retry: VoiceAnalyticsTask): boolean {
  return (
    earlier.voiceConnectorId === retry.voiceConnectorId &&
    earlier.transactionId === retry.transactionId &&
    earlier.callLeg === retry.callLeg &&
    earlier.voiceProfileDomainId === retry.voiceProfileDomainId &&
    earlier.languageCode === retry.languageCode
  );
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function connectorNotFound(id: string): never {
  throw new DomainError('not-found', `No voice connector with id ${id} exists in this account`);
}

function taskNotFound(scope: TaskScope, id: string): never {
  throw new DomainError('not-found', `No ${kindName(scope.kind)} with id ${id} on voice connector ${scope.voiceConnectorId} in the last 24 hours`);
}
