/**
 * The job queue: claims due jobs with a lease, fences every write of their handlers by that lease, gives failed jobs
 * back with backoff, completes finished ones, and dispatches each job to the handler of its `kind`. Leases instead of
 * locks: a holder that dies simply lets its lease run out, and the next claimer repeats the (idempotent) work.
 *
 * Every claim is a lease of its own (`<owner>:<n>`), not only every process: a process works several batches at once,
 * and a batch slower than its lease must be fenced out once another batch, of the same process or not, has claimed
 * its jobs again; otherwise both would write for the same job.
 */
import type { Job, JobRepository } from '../ports/jobs.ts';
import { NO_WAIT, type Turns } from '../ports/turns.ts';
import type { UnitOfWork } from '../ports/unit-of-work.ts';
import type { Clock } from '../shared/clock.ts';
import type { Fence } from './fence.ts';

/** Works a batch of jobs of one kind; throws to have them retried. */
export type JobHandler<R> = (jobs: Job[], fence: Fence<R>, signal?: AbortSignal) => Promise<void>;

export interface JobQueueOptions<R> {
  jobs: JobRepository;
  /** Transactions over the job table and the repositories `R` that the handlers write. */
  unitOfWork: UnitOfWork<R & { jobs: JobRepository }>;
  clock: Clock;
  /** Identifies this holder (unique per process); each claim adds its own number to it. */
  owner: string;
  leaseMs: number;
  /** The handler of each job kind. */
  handlers: Readonly<Record<string, JobHandler<R>>>;
  /**
   * Waited for before each claim and each fenced transaction (default: no wait). With turns of the event loop, the
   * transactions of batches that became ready together (carrier answers arriving at once) run one per turn, with the
   * requests read meanwhile between them, instead of back to back; and the claim that follows a batch's settlement
   * (with the reads that follow it) does not run in the settlement's turn either.
   */
  turns?: Turns;
}

/** The key the queue's work takes its turns under (apart from any account's). */
const JOBS_TURN = '\u0000jobs';

/** Backoff after a failed attempt: 0.5 s doubling per attempt, at most 60 s. */
export function retryDelayMs(attempts: number): number {
  return Math.min(60_000, 500 * 2 ** Math.min(attempts, 7));
}

export class UnknownJobKindError extends Error {}

/** A job as its claim handed it out: with the lease its batch holds it by. */
export interface ClaimedJob extends Job {
  lease: string;
}

export class JobQueue<R> {
  readonly #o: JobQueueOptions<R>;
  #claims = 0;

  constructor(options: JobQueueOptions<R>) {
    this.#o = options;
  }

  /** Leases up to `limit` due jobs to this holder, under a lease of this claim's own. */
  async claim(limit: number): Promise<ClaimedJob[]> {
    const { jobs, clock, leaseMs } = this.#o;
    const lease = `${this.#o.owner}:${++this.#claims}`;
    await this.#turn();
    const claimed = await jobs.claim({ owner: lease, now: clock.now(), leaseMs, limit });
    return claimed.map((job) => ({ ...job, lease }));
  }

  /** The fence of a claimed batch (see `Fence`): the jobs its claim's lease still holds. */
  fence(batch: ClaimedJob[]): Fence<R> {
    const { unitOfWork, clock } = this.#o;
    const ids = batch.map((job) => job.id);
    const owner = leaseOf(batch);
    const run = async <T>(complete: boolean, work: (repos: R, held: ReadonlySet<string>) => Promise<T>): Promise<T> => {
      await this.#turn();
      return unitOfWork.transaction(async (repos) => {
        const { jobs, ...rest } = repos;
        const held = await jobs.held(ids, owner, clock.now());
        const result = await work(rest as unknown as R, held);
        if (complete) await jobs.complete([...held], owner);
        return result;
      });
    };
    return { guard: (work) => run(false, work), settle: (work) => run(true, work) };
  }

  #turn(): Promise<void> {
    return (this.#o.turns ?? NO_WAIT).next(JOBS_TURN);
  }

  /**
   * Hands the batch to the handlers of its kinds, one kind after the other.
   * @throws the first handler's failure, or UnknownJobKindError for a kind without a handler
   */
  async dispatch(batch: ClaimedJob[], signal?: AbortSignal): Promise<void> {
    const byKind = new Map<string, ClaimedJob[]>();
    for (const job of batch) {
      const jobs = byKind.get(job.kind);
      if (jobs) jobs.push(job);
      else byKind.set(job.kind, [job]);
    }
    for (const [kind, jobs] of byKind) {
      const handler = this.#o.handlers[kind];
      if (!handler) throw new UnknownJobKindError(`no handler for job kind ${JSON.stringify(kind)}`);
      await handler(jobs, this.fence(jobs), signal);
    }
  }

  /** Gives jobs back after a failed attempt, due again after the backoff of their attempts. Jobs no longer held are left alone. */
  retry(batch: ClaimedJob[]): Promise<void> {
    return this.#release(batch, (job) => retryDelayMs(job.attempts));
  }

  /** Gives jobs back untouched by failure (e.g. when stopping), due now so that the next claimer takes them at once. */
  giveBack(batch: ClaimedJob[]): Promise<void> {
    return this.#release(batch, () => 0);
  }

  /** Ends this holder's lease on each job, due again `delayMs(job)` from now. */
  async #release(batch: ClaimedJob[], delayMs: (job: Job) => number): Promise<void> {
    const { jobs, clock } = this.#o;
    for (const job of batch) await jobs.retry(job.id, job.lease, new Date(clock.now().getTime() + delayMs(job)));
  }
}

/** The lease of a batch: one claim's (a batch is never put together from two claims). */
function leaseOf(batch: ClaimedJob[]): string {
  const lease = batch[0]?.lease ?? '';
  if (batch.some((job) => job.lease !== lease)) throw new RangeError('a batch holds its jobs by one lease');
  return lease;
}
