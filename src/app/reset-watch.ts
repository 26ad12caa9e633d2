/**
 * How a node learns of resets made elsewhere (another node, `dialtone reset` on the same database): each reset counts
 * up a mark in the meta table (`state-reset:<account>`, `state-reset:*`), and this watch compares the marks with those
 * it saw last and drops what the node keeps in memory for the accounts reset — their throttling buckets. Nothing else
 * a node keeps in memory holds an account's resources: credentials and accounts survive a reset, and the numbering
 * plan's caches hold no account's state. The composition root checks at start, every `RESET_WATCH_MS`, and right
 * after a reset made through this node.
 */
import type { MetaRepository } from '../domain/ports/meta.ts';
import { RESET_ALL_MARK, RESET_MARK_PREFIX } from '../domain/ports/state-reset.ts';

/** How often a node reads the reset marks (real time). */
export const RESET_WATCH_MS = 1_000;

export class ResetWatch {
  readonly #meta: Pick<MetaRepository, 'list'>;
  readonly #forget: (accountId: string | undefined) => void;
  /** The marks seen last; undefined until the first check, which only records them. */
  #seen: Map<string, string> | undefined;
  /** Checks run one after the other, so that a slow read cannot bring back marks older than a later one's. */
  #last: Promise<unknown> = Promise.resolve();

  /** @param forget drops what the node keeps for an account (`undefined`: for every account) */
  constructor(meta: Pick<MetaRepository, 'list'>, forget: (accountId: string | undefined) => void) {
    this.#meta = meta;
    this.#forget = forget;
  }

  /** Reads the marks and forgets for each account whose mark moved; answers how many moved. */
  check(): Promise<number> {
    const turn = this.#last.then(() => this.#check());
    this.#last = turn.catch(() => undefined);
    return turn;
  }

  async #check(): Promise<number> {
    const marks = await this.#meta.list(RESET_MARK_PREFIX);
    const seen = this.#seen;
    this.#seen = marks;
    if (seen === undefined) return 0;
    let moved = 0;
    for (const [name, value] of marks) {
      if (seen.get(name) === value) continue;
      moved++;
      this.#forget(name === RESET_ALL_MARK ? undefined : name.slice(RESET_MARK_PREFIX.length));
    }
    return moved;
  }
}
