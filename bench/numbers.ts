/**
 * Fresh US numbers that libphonenumber accepts: `+1 NPA NXX XXXX`, walking NXX 200..999 (exchanges libphonenumber
 * rejects are skipped) and the 10,000 lines of each. Every source owns one area code, so sources never collide.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

export class NumberSource {
  readonly npa: string;
  readonly #exchanges: string[];
  #exchange = 0;
  #line = 0;

  constructor(npa: string) {
    this.npa = npa;
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
    return (this.#exchanges.length - this.#exchange) * 10_000 - this.#line;
  }

  next(): string {
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
