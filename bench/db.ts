/** Read-only look into the server's SQLite file (WAL mode allows a reader beside the writer). */
import Database from 'better-sqlite3';
import { sleep } from './children.ts';

export interface OrderProgress {
  orders: number;
  processing: number;
  /** Latest `updated_at` of any order, epoch ms (the server's clock). */
  lastUpdatedMs: number | null;
}

export class ServerDb {
  readonly #db: Database.Database;
  readonly #progress: Database.Statement;

  constructor(file: string) {
    this.#db = new Database(file, { readonly: true, fileMustExist: true });
    this.#progress = this.#db.prepare(
      `SELECT count(*) AS orders, coalesce(sum(status = 'Processing'), 0) AS processing, max(updated_at) AS lastUpdatedMs FROM orders`,
    );
  }

  progress(): OrderProgress {
    return this.#progress.get() as OrderProgress;
  }

  numberStatuses(): Record<string, number> {
    const rows = this.#db.prepare('SELECT status, count(*) AS n FROM order_numbers GROUP BY status').all() as { status: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  /** Ordered numbers in all, and how many distinct ones. */
  numberCounts(): { total: number; distinct: number } {
    return this.#db.prepare('SELECT count(*) AS total, count(DISTINCT e164) AS "distinct" FROM order_numbers').get() as { total: number; distinct: number };
  }

  /** Numbers associated with a voice connector, group or SIP rule. */
  associationCount(): number {
    return (this.#db.prepare('SELECT count(*) AS n FROM phone_number_associations').get() as { n: number }).n;
  }

  /** Polls every `intervalMs` until no order is Processing and at least `orders` exist; false on timeout. */
  async waitSettled(orders: number, timeoutMs: number, intervalMs = 200): Promise<{ settled: boolean; progress: OrderProgress; detectedAt: number }> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const progress = this.progress();
      if (progress.orders >= orders && progress.processing === 0) return { settled: true, progress, detectedAt: Date.now() };
      if (performance.now() > deadline) return { settled: false, progress, detectedAt: Date.now() };
      await sleep(intervalMs);
    }
  }

  close(): void {
    this.#db.close();
  }
}
