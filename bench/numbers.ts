/**
 * Fresh US numbers that libphonenumber accepts: `+1 NPA NXX XXXX`, walking NXX 200..999 (exchanges libphonenumber
 * rejects are skipped) and the 10,000 lines of each. Every source owns one area code, so sources never collide.
 *
 * `scattered`: the same numbers, each once, in an order that spreads them over the area code (the k-th is number
 * (k × 7,919) mod N of the consecutive walk, N the area code's count): each lands far from the one before it in every
 * index ordered by number, as numbers picked from searches do, where consecutive ones land side by side.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

const SCATTER_STEP = 7919;

export class NumberSource {
  readonly npa: string;
  readonly #exchanges: string[];
  #exchange = 0;
  #line = 0;

  readonly #scattered: boolean;
  #taken = 0;

  constructor(npa: string, order: 'consecutive' | 'scattered' = 'consecutive') {
    this.npa = npa;
    this.#scattered = order === 'scattered';
    this.#exchanges = [];
    for (let nxx = 200; nxx <= 999; nxx++) {
      // Two probes per exchange: libphonenumber's US patterns are per NPA-NXX.
      const ok = ['0100', '9876'].every((line) => parsePhoneNumberFromString(`+1${npa}${nxx}${line}`)?.isValid() === true);
      if (ok) this.#exchanges.push(String(nxx));
    }
    if (this.#exchanges.length === 0) throw new Error(`no valid exchanges in area code ${npa}`);
  }

  /** How many numbers the source can still give. */
  get remaining(): number {
    if (this.#scattered) return this.#exchanges.length * 10_000 - this.#taken;
    return (this.#exchanges.length - this.#exchange) * 10_000 - this.#line;
  }

  next(): string {
    if (this.#scattered) {
      const count = this.#exchanges.length * 10_000;
      if (this.#taken >= count) throw new Error(`area code ${this.npa} is exhausted`);
      // 7,919 is a prime above the 800 exchanges, so coprime with count (2^4 · 5^4 · exchanges): k ↦ i is one-to-one.
      const i = (this.#taken++ * SCATTER_STEP) % count;
      return `+1${this.npa}${this.#exchanges[Math.floor(i / 10_000)]}${String(i % 10_000).padStart(4, '0')}`;
    }
    if (this.#exchange >= this.#exchanges.length) throw new Error(`area code ${this.npa} is exhausted`);
    const number = `+1${this.npa}${this.#exchanges[this.#exchange]}${String(this.#line).padStart(4, '0')}`;
    if (++this.#line === 10_000) {
      this.#line = 0;
      this.#exchange += 1;
    }
    return number;
  }

  take(count: number): string[] {
    return Array.from({ length: count }, () => this.next());
  }
}
