/**
 * The simulated carrier: numbers in the numbering-plan pool are acquired after a configurable latency, except where
 * a deterministic failure rule says no — by number, by prefix, or for a seeded fraction of numbers (the same number
 * and seed always give the same answer, so a retried acquisition answers the same).
 */
import { createHash } from 'node:crypto';
import type { AcquireOutcome, AcquireRequest, Carrier } from '../domain/ports/carrier.ts';

export interface SimulatedCarrierOptions {
  /** Delay of each acquisition call, in milliseconds. */
  latencyMs: number;
  /** Numbers the carrier always refuses. */
  failNumbers: string[];
  /** E.164 prefixes the carrier always refuses (e.g. `+1206555019`). */
  failPrefixes: string[];
  /** Fraction (0..1) of the other numbers refused, chosen by a hash of `seed` and the number. */
  failRate: number;
  seed: string;
  /** Whether a number is in the carrier's pool; numbers outside it are `not-available`. */
  inPool(e164: string): boolean;
  delay?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

function realDelay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    function onAbort(): void {
      clearTimeout(timer);
      reject(signal!.reason as Error);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export class SimulatedCarrier implements Carrier {
  readonly #o: SimulatedCarrierOptions;
  readonly #failNumbers: Set<string>;

  constructor(options: SimulatedCarrierOptions) {
    this.#o = options;
    this.#failNumbers = new Set(options.failNumbers);
  }

  async acquire(requests: AcquireRequest[], signal?: AbortSignal): Promise<Map<string, AcquireOutcome>> {
    if (this.#o.latencyMs > 0) await (this.#o.delay ?? realDelay)(this.#o.latencyMs, signal);
    const outcomes = new Map<string, AcquireOutcome>();
    for (const { e164 } of requests) outcomes.set(e164, this.#decide(e164));
    return outcomes;
  }

  #decide(e164: string): AcquireOutcome {
    if (!this.#o.inPool(e164)) return { acquired: false, reason: 'not-available' };
    if (this.#failNumbers.has(e164) || this.#o.failPrefixes.some((p) => e164.startsWith(p))) {
      return { acquired: false, reason: 'carrier-refused' };
    }
    if (this.#o.failRate > 0 && unitHash(this.#o.seed, e164) < this.#o.failRate) {
      return { acquired: false, reason: 'carrier-refused' };
    }
    return { acquired: true };
  }
}

/** A number in [0, 1) from the seed and the number. */
function unitHash(seed: string, e164: string): number {
  return createHash('sha256').update(`${seed}\n${e164}`).digest().readUInt32BE(0) / 2 ** 32;
}
