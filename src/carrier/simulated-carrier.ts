/**
 * The simulated carrier: numbers in the numbering-plan pool are acquired after a configurable latency, except where
 * a deterministic failure rule says no — by number, by prefix, or for a seeded fraction of numbers (the same number
 * and seed always give the same answer, so a retried acquisition answers the same). The rules are the configuration's,
 * or, when a provider is given, whatever it answers at each call (rules that tests set at run time).
 */
import { createHash } from 'node:crypto';
import type { AcquireOutcome, AcquireRequest, Carrier } from '../domain/ports/carrier.ts';

/** What decides the simulated carrier's answers (the configuration's `carrier` key). */
export interface CarrierRules {
  /** Delay of each acquisition call, in milliseconds. */
  latencyMs: number;
  /** Numbers the carrier always refuses. */
  failNumbers: string[];
  /** E.164 prefixes the carrier always refuses (e.g. `+1206555019`). */
  failPrefixes: string[];
  /** Fraction (0..1) of the other numbers refused, chosen by a hash of `seed` and the number. */
  failRate: number;
  seed: string;
}

export interface SimulatedCarrierOptions extends CarrierRules {
  /** Whether a number is in the carrier's pool; numbers outside it are `not-available`. */
  inPool(e164: string): boolean;
  /**
   * The rules in force now, asked once per acquisition call (rules set at run time, shared through the database);
   * without it, the rules above always apply.
   */
  rules?: () => Promise<CarrierRules>;
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
  /** The rules last used, with their refused numbers as a set (rebuilt only when the rules change). */
  #compiled: { rules: CarrierRules; failNumbers: Set<string> };

  constructor(options: SimulatedCarrierOptions) {
    this.#o = options;
    this.#compiled = { rules: options, failNumbers: new Set(options.failNumbers) };
  }

  async acquire(requests: AcquireRequest[], signal?: AbortSignal): Promise<Map<string, AcquireOutcome>> {
    const { rules, failNumbers } = await this.#current();
    if (rules.latencyMs > 0) await (this.#o.delay ?? realDelay)(rules.latencyMs, signal);
    const outcomes = new Map<string, AcquireOutcome>();
    for (const { e164 } of requests) outcomes.set(e164, this.#decide(e164, rules, failNumbers));
    return outcomes;
  }

  async #current(): Promise<{ rules: CarrierRules; failNumbers: Set<string> }> {
    if (!this.#o.rules) return this.#compiled;
    const rules = await this.#o.rules();
    if (!sameRules(rules, this.#compiled.rules)) this.#compiled = { rules, failNumbers: new Set(rules.failNumbers) };
    return this.#compiled;
  }

  #decide(e164: string, rules: CarrierRules, failNumbers: Set<string>): AcquireOutcome {
    if (!this.#o.inPool(e164)) return { acquired: false, reason: 'not-available' };
    if (failNumbers.has(e164) || rules.failPrefixes.some((p) => e164.startsWith(p))) {
      return { acquired: false, reason: 'carrier-refused' };
    }
    if (rules.failRate > 0 && unitHash(rules.seed, e164) < rules.failRate) {
      return { acquired: false, reason: 'carrier-refused' };
    }
    return { acquired: true };
  }
}

function sameRules(a: CarrierRules, b: CarrierRules): boolean {
  return (
    a.latencyMs === b.latencyMs &&
    a.failRate === b.failRate &&
    a.seed === b.seed &&
    a.failPrefixes.length === b.failPrefixes.length &&
    a.failPrefixes.every((p, i) => p === b.failPrefixes[i]) &&
    a.failNumbers.length === b.failNumbers.length &&
    a.failNumbers.every((n, i) => n === b.failNumbers[i])
  );
}

/** A number in [0, 1) from the seed and the number. */
function unitHash(seed: string, e164: string): number {
  return createHash('sha256').update(`${seed}\n${e164}`).digest().readUInt32BE(0) / 2 ** 32;
}
