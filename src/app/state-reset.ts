/** A reset as the operator sees it (`POST /_dialtone/reset`, `dialtone reset`): which scope, and what it removed. */
import type { ResetCounts, StateReset } from '../domain/ports/state-reset.ts';

/** The answer of `POST /_dialtone/reset` and the output of `dialtone reset --json`. */
export type ResetView = { reset: 'account'; accountId: string; removed: ResetCounts } | { reset: 'all'; removed: ResetCounts };

/** Resets `accountId` (or every account when undefined) and describes what went. */
export async function resetState(storage: StateReset, accountId: string | undefined): Promise<ResetView> {
  if (accountId === undefined) return { reset: 'all', removed: (await storage.resetAll()).removed };
  return { reset: 'account', accountId, removed: (await storage.resetAccount(accountId)).removed };
}
