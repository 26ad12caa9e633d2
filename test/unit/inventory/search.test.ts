import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createNumberingPlan } from '../../../src/domain/inventory/numbering-plan.ts';
import { LINES_PER_SLICE, LINES_PER_VISIT, searchAvailableNumbers, type SearchFilter } from '../../../src/domain/inventory/search.ts';
import { assertSellable, collectPages, FakeAvailability, geocode } from './support.ts';

const plan = createNumberingPlan();
const page = (filter: SearchFilter, maxResults: number, seed = 'seed', availability = new FakeAvailability()) =>
  searchAvailableNumbers(plan, availability, filter, { maxResults, seed });

describe('search filters', () => {
  test('AreaCode: Country defaults to US; every number is a valid US number of that area code', async () => {
    const { numbers, next } = await page({ areaCode: '206' }, 200);
    assert.equal(numbers.length, 200);
    assert.ok(next);
    for (const n of numbers) {
      assert.match(n, /^\+1206[2-9]\d{6}$/);
      assertSellable(n, 'US', 'Local');
    }
    const explicit = await page({ areaCode: '206', country: 'US', phoneNumberType: 'Local' }, 200);
    assert.equal(explicit.numbers.length, 200);
    for (const n of explicit.numbers) assert.ok(n.startsWith('+1206'), n);
  });

  test('City and State: every number geocodes to the city (case-insensitive match)', async () => {
    const { numbers } = await page({ city: 'Seattle', state: 'WA' }, 300);
    assert.equal(numbers.length, 300);
    for (const n of numbers) {
      assertSellable(n, 'US', 'Local');
      assert.match(geocode(n)!, /(^|, )Seattle, WA$/, n);
    }
    assert.deepEqual((await page({ city: '  SEATTLE ', state: 'wa' }, 300)).numbers, numbers);
  });

  test('State alone: numbers from many exchanges of the state', async () => {
    const { numbers } = await page({ state: 'CA' }, 500);
    assert.equal(numbers.length, 500);
    for (const n of numbers) {
      assertSellable(n, 'US', 'Local');
      assert.match(geocode(n)!, /(, CA|^California)$/, n);
    }
    assert.ok(new Set(numbers.map((n) => n.slice(0, 8))).size >= 500 / LINES_PER_VISIT, 'spread over exchanges');
  });

  test('State with AreaCode: both hold', async () => {
    const { numbers } = await page({ state: 'ca', areaCode: '415' }, 100);
    assert.equal(numbers.length, 100);
    for (const n of numbers) assert.ok(n.startsWith('+1415') && /(, CA|^California)$/.test(geocode(n)!), n);
  });

  test('TollFreePrefix: toll-free numbers of that prefix', async () => {
    for (const prefix of ['800', '833', '888']) {
      const { numbers } = await page({ tollFreePrefix: prefix }, 50);
      assert.equal(numbers.length, 50);
      for (const n of numbers) {
        assert.ok(n.startsWith(`+1${prefix}`), n);
        assertSellable(n, 'US', 'TollFree');
      }
    }
    const same = await page({ tollFreePrefix: '844', areaCode: '844', phoneNumberType: 'TollFree' }, 20);
    assert.deepEqual(same.numbers, (await page({ tollFreePrefix: '844' }, 20)).numbers);
    const byAreaCode = await page({ areaCode: '877' }, 20);
    for (const n of byAreaCode.numbers) assertSellable(n, 'US', 'TollFree');
  });

  test('outside the US: PhoneNumberType picks Local or TollFree numbers of the country', async () => {
    for (const country of ['GB', 'DE', 'FR', 'AU', 'JP']) {
      for (const type of ['Local', 'TollFree'] as const) {
        const { numbers } = await page({ country, phoneNumberType: type }, 40);
        assert.equal(numbers.length, 40, `${country} ${type}`);
        for (const n of numbers) assertSellable(n, country, type);
      }
    }
    const canada = await page({ country: 'CA', phoneNumberType: 'Local' }, 40);
    assert.equal(canada.numbers.length, 40);
    for (const n of canada.numbers) assertSellable(n, 'CA', 'Local');
  });
});

describe('search paging and order', () => {
  test('pages of 7 never repeat and equal one page of 70; the cursor survives JSON', async () => {
    const one = await page({ areaCode: '206' }, 70);
    const availability = new FakeAvailability();
    const numbers: string[] = [];
    let cursor = undefined as unknown;
    for (let i = 0; i < 10; i++) {
      const p = await searchAvailableNumbers(plan, availability, { areaCode: '206' }, {
        maxResults: 7,
        seed: 'seed',
        ...(cursor ? { cursor: JSON.parse(JSON.stringify(cursor)) as never } : {}),
      });
      assert.equal(p.numbers.length, 7);
      numbers.push(...p.numbers);
      cursor = p.next;
    }
    assert.equal(new Set(numbers).size, 70);
    assert.deepEqual(numbers, one.numbers);
  });

  test('paging across rounds of a small pool equals one large page', async () => {
    const small = createNumberingPlan({ pool: ['+1206555', '+1206556', '+12065570'] });
    const whole = await searchAvailableNumbers(small, new FakeAvailability(), { areaCode: '206' }, { maxResults: 500, seed: 'x' });
    assert.equal(whole.numbers.length, 500);
    const paged = await collectPages(small, new FakeAvailability(), { areaCode: '206' }, 13, 'x', 39);
    assert.equal(paged.numbers.length, 13 * 39);
    assert.deepEqual(paged.numbers.slice(0, 500), whole.numbers);
    const segmentOf = (n: string) => (n.startsWith('+12065570') ? '+12065570' : n.slice(0, 8));
    assert.deepEqual(new Set(whole.numbers.map(segmentOf)), new Set(['+1206555', '+1206556', '+12065570']));
    assert.equal(new Set(whole.numbers.slice(0, 3 * LINES_PER_VISIT).map(segmentOf)).size, 3, 'one visit to each per round');
  });

  test('lines are not sequential', async () => {
    const { numbers } = await page({ areaCode: '212' }, 20);
    const lines = numbers.map((n) => Number(n.slice(-4)));
    const ascending = lines.every((line, i) => i === 0 || line === lines[i - 1]! + 1);
    assert.equal(ascending, false);
  });

  test('the same search gives the same page; another seed another page', async () => {
    const a = await page({ state: 'TX' }, 50, 'account-1');
    const b = await page({ state: 'TX' }, 50, 'account-1');
    const c = await page({ state: 'TX' }, 50, 'account-2');
    assert.deepEqual(a, b);
    assert.notDeepEqual(a.numbers, c.numbers);
    assert.ok(a.numbers.filter((n) => c.numbers.includes(n)).length < 5);
  });
});

describe('search availability', () => {
  test('unavailable numbers are never returned, and the page is still full', async () => {
    const availability = new FakeAvailability();
    const first = await page({ areaCode: '206' }, 60, 'seed', availability);
    for (const n of first.numbers.filter((_, i) => i % 2 === 0)) availability.taken.add(n);
    const again = await page({ areaCode: '206' }, 60, 'seed', availability);
    assert.equal(again.numbers.length, 60);
    for (const n of again.numbers) assert.ok(!availability.taken.has(n), n);
    assert.deepEqual(again.numbers.slice(0, 30), first.numbers.filter((_, i) => i % 2 === 1));
  });

  test('a tiny pool of 100 numbers with 30 taken yields exactly the other 70, then nothing', async () => {
    const tiny = createNumberingPlan({ pool: ['+120655501'] });
    const availability = new FakeAvailability();
    const all = Array.from({ length: 100 }, (_, i) => `+120655501${String(i).padStart(2, '0')}`);
    for (const n of all.filter((_, i) => i % 10 < 3)) availability.taken.add(n);
    const { numbers, pages } = await collectPages(tiny, availability, { areaCode: '206' }, 25, 'tiny');
    assert.deepEqual([...numbers].sort(), all.filter((n) => !availability.taken.has(n)));
    assert.ok(pages >= 3);
    const oneShot = await searchAvailableNumbers(tiny, availability, { state: 'WA' }, { maxResults: 500, seed: 'tiny' });
    assert.equal(oneShot.numbers.length, 70);
    assert.equal(oneShot.next, undefined);
    for (const n of all) if (!availability.taken.has(n)) availability.taken.add(n);
    assert.deepEqual(await searchAvailableNumbers(tiny, availability, { areaCode: '206' }, { maxResults: 10, seed: 'tiny' }), {
      numbers: [],
    });
  });

  test('availability is asked once per batch of blocks, with block prefixes', async () => {
    const availability = new FakeAvailability();
    await page({ areaCode: '206' }, 100, 'seed', availability);
    assert.equal(availability.calls.length, 1);
    for (const prefix of availability.calls[0]!) assert.match(prefix, /^\+1206\d{3}$/);
  });
});

describe('search cost', () => {
  test('a State=CA first page of 500 touches a few of thousands of blocks', async () => {
    const blocks = plan.select({ country: 'US', type: 'Local', state: 'CA' }).size;
    assert.ok(blocks > 10_000, `${blocks} blocks`);
    const availability = new FakeAvailability();
    const result = await page({ state: 'CA' }, 500, 'perf', availability);
    assert.equal(result.numbers.length, 500);
    assert.equal(availability.calls.length, 1);
    const touched = availability.calls.flat().length;
    assert.ok(touched <= 500 / LINES_PER_VISIT + 1, `${touched} blocks asked`);
  });
});

describe('search in slices', () => {
  test('pauses between slices of a large page and answers the same page as without pauses', async () => {
    for (const filter of [{ areaCode: '206' }, { state: 'CA' }, { tollFreePrefix: '800' }] satisfies SearchFilter[]) {
      const availability = new FakeAvailability();
      const whole = await searchAvailableNumbers(plan, availability, filter, { maxResults: 500, seed: 'slices' });
      let pauses = 0;
      const sliced = await searchAvailableNumbers(plan, availability, filter, {
        maxResults: 500,
        seed: 'slices',
        pause: async () => {
          pauses++;
        },
      });
      assert.deepEqual(sliced, whole);
      assert.ok(pauses >= Math.floor(500 / LINES_PER_SLICE), `${JSON.stringify(filter)}: ${pauses} pauses`);
    }
  });
});
