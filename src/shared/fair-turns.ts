/**
 * Turns of the event loop shared round-robin between accounts (implements the domain's `Turns` port): a request that
 * works in slices waits here between them. One waiting slice is released per turn of the event loop (`setImmediate`
 * runs after the loop has polled for I/O), taking the accounts in rotation, so that whatever other requests arrived
 * meanwhile are read and served between two slices of a long one, and one account with many long requests in
 * flight does not take more turns than another with one.
 */
export interface FairTurns {
  next(accountId: string): Promise<void>;
  /** Slices waiting (all accounts). */
  readonly waiting: number;
}

/** @param schedule runs a callback after pending I/O (default `setImmediate`). */
export function fairTurns(schedule: (callback: () => void) => void = (callback) => setImmediate(callback)): FairTurns {
  /** Accounts with waiting slices, in rotation order; each account's slices in arrival order. */
  const queues = new Map<string, (() => void)[]>();
  let waiting = 0;
  let scheduled = false;

  const release = (): void => {
    scheduled = false;
    const first = queues.entries().next();
    if (first.done) return;
    const [account, queue] = first.value;
    const wake = queue.shift()!;
    queues.delete(account);
    // The account goes to the back of the rotation if it still has slices waiting.
    if (queue.length > 0) queues.set(account, queue);
    waiting--;
    if (waiting > 0) arm();
    wake();
  };
  const arm = (): void => {
    if (scheduled) return;
    scheduled = true;
    schedule(release);
  };

  return {
    next(accountId) {
      return new Promise<void>((resolve) => {
        const queue = queues.get(accountId);
        if (queue) queue.push(resolve);
        else queues.set(accountId, [resolve]);
        waiting++;
        arm();
      });
    },
    get waiting() {
      return waiting;
    },
  };
}
