/**
 * The test clock (`testing.clockControl`) as a process of the deployment opens it: its offset is kept in the database,
 * so a restart, another node or a command such as `dialtone export` reads time where it was moved to.
 */
import type { Config } from '../config/config.ts';
import { systemClock, type Clock } from '../domain/shared/clock.ts';
import { SharedOffsetClock, type OffsetStore } from '../domain/shared/shared-offset-clock.ts';

/** With `testing.clockControl`, the shared test clock over `realClock`, its stored offset read; otherwise undefined. */
export async function openTestClock(config: Config, store: OffsetStore, realClock: Clock = systemClock): Promise<SharedOffsetClock | undefined> {
  if (!config.testing.clockControl) return undefined;
  const clock = new SharedOffsetClock(store, realClock);
  await clock.refresh();
  return clock;
}
