/**
 * An account's global settings (`GetGlobalSettings`, `UpdateGlobalSettings`): where the call detail records of its
 * voice connectors (and, in legacy Chime, of Business Calling) would be written. dialtone writes no record; the bucket
 * names are checked as S3 names buckets and kept. An update that gives a part (`VoiceConnector`) sets its bucket, or
 * unsets it when the part has none (as Terraform's delete sends `VoiceConnector: {}`); a part not given stays. An
 * update runs under the account's voice lock and, when it changes something, records `Global Settings Changed` in its
 * transaction; one that changes nothing writes nothing.
 */
import { globalSettingsChanged } from '../events/global-settings-events.ts';
import type { EventAppender } from '../ports/events.ts';
import type { GlobalSettings, GlobalSettingsRepository } from '../ports/global-settings.ts';
import type { UnitOfWork } from '../ports/unit-of-work.ts';
import type { VoiceConnectorRepository } from '../ports/voice-connectors.ts';
import type { Clock } from '../shared/clock.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { IdSource } from '../shared/ids.ts';

export interface GlobalSettingsWrites {
  globalSettings: GlobalSettingsRepository;
  /** The account's voice lock, which serializes concurrent updates on every node (a part each must not undo the other). */
  voiceConnectors: Pick<VoiceConnectorRepository, 'lockAccount'>;
  events: EventAppender;
}

export interface GlobalSettingsServiceOptions {
  globalSettings: Pick<GlobalSettingsRepository, 'get'>;
  unitOfWork: UnitOfWork<GlobalSettingsWrites>;
  clock: Clock;
  ids: IdSource;
}

/** What an update gives: each part present sets its bucket (`undefined` inside a present part unsets it). */
export interface GlobalSettingsUpdate {
  voiceConnector?: { cdrBucket?: string };
  businessCalling?: { cdrBucket?: string };
}

export class GlobalSettingsService {
  readonly #options: GlobalSettingsServiceOptions;

  constructor(options: GlobalSettingsServiceOptions) {
    this.#options = options;
  }

  /** The account's settings; undefined until first updated. */
  async get(accountId: string): Promise<GlobalSettings | undefined> {
    return this.#options.globalSettings.get(accountId);
  }

  /** @throws DomainError `invalid` for a bucket name S3 would refuse */
  async update(accountId: string, update: GlobalSettingsUpdate): Promise<void> {
    for (const [part, given] of [['VoiceConnector', update.voiceConnector], ['BusinessCalling', update.businessCalling]] as const) {
      const bucket = given?.cdrBucket;
      if (bucket !== undefined && bucket !== '' && !isBucketName(bucket)) {
        throw new DomainError(
          'invalid',
          `${part}.CdrBucket is not an S3 bucket name: 3 to 63 lower-case letters, digits, dots and hyphens, beginning and ending with a letter or digit`,
        );
      }
    }
    const { unitOfWork, clock, ids } = this.#options;
    await unitOfWork.transaction(async ({ globalSettings, voiceConnectors, events }) => {
      await voiceConnectors.lockAccount(accountId);
      const current = await globalSettings.get(accountId);
      const bucketOf = (given: { cdrBucket?: string } | undefined, was: string | undefined): string | undefined =>
        given === undefined ? was : given.cdrBucket === '' ? undefined : given.cdrBucket;
      const voiceConnectorCdrBucket = bucketOf(update.voiceConnector, current?.voiceConnectorCdrBucket);
      const businessCallingCdrBucket = bucketOf(update.businessCalling, current?.businessCallingCdrBucket);
      // No change (a settings never updated has both unset): nothing written, no event.
      if (current?.voiceConnectorCdrBucket === voiceConnectorCdrBucket && current?.businessCallingCdrBucket === businessCallingCdrBucket) return;
      const next: GlobalSettings = {
        ...(voiceConnectorCdrBucket !== undefined && { voiceConnectorCdrBucket }),
        ...(businessCallingCdrBucket !== undefined && { businessCallingCdrBucket }),
        updatedAt: clock.now(),
      };
      await globalSettings.put(accountId, next);
      await events.append([globalSettingsChanged(ids, accountId, next)]);
    });
  }
}

/** S3's rules for a bucket name (general purpose buckets): 3–63 characters of a–z, 0–9, `.` and `-`, a letter or digit at each end, no `..`, not an IPv4 address. */
export function isBucketName(name: string): boolean {
  return /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) && !name.includes('..') && !/^\d+\.\d+\.\d+\.\d+$/.test(name);
}
