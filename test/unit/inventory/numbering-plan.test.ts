import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createNumberingPlan } from '../../../src/domain/inventory/numbering-plan.ts';

describe('createNumberingPlan with the default pool', () => {
  const plan = createNumberingPlan();

  test('contains geographic, toll-free and foreign numbers of the universe', () => {
    assert.equal(plan.contains('+12065550100'), true, 'Seattle area');
    assert.equal(plan.contains('+14165550100'), true, 'Toronto');
    assert.equal(plan.contains('+18445550100'), true, 'toll-free');
    assert.equal(plan.contains('+442030401234'), true, 'London block of the table');
    assert.equal(plan.contains('+81120201234'), true, 'JP toll-free block of the table');
  });

  test('does not contain numbers outside it or invalid ones', () => {
    assert.equal(plan.contains('+12425550100'), false, 'Bahamas');
    assert.equal(plan.contains('+19005550100'), false, 'premium rate');
    assert.equal(plan.contains('+447911123456'), false, 'GB mobile, not in the table');
    assert.equal(plan.contains('+12061550100'), false, 'NXX starting with 1');
    assert.equal(plan.contains('12065550100'), false, 'no +');
    assert.equal(plan.contains('+1206555010'), false, 'too short');
    assert.equal(plan.contains('+120655501000'), false, 'too long');
    assert.equal(plan.contains('not a number'), false);
  });

  test('lists countries per product type', () => {
    assert.deepEqual(plan.countries('BusinessCalling'), [{ country: 'US', types: ['Local'] }]);
    assert.deepEqual(plan.countries('VoiceConnector'), [{ country: 'US', types: ['Local', 'TollFree'] }]);
    assert.deepEqual(plan.countries('SipMediaApplicationDialIn'), [
      { country: 'US', types: ['Local', 'TollFree'] },
      { country: 'AU', types: ['Local', 'TollFree'] },
      { country: 'CA', types: ['Local'] },
      { country: 'DE', types: ['Local', 'TollFree'] },
      { country: 'FR', types: ['Local', 'TollFree'] },
      { country: 'GB', types: ['Local', 'TollFree'] },
      { country: 'JP', types: ['Local', 'TollFree'] },
    ]);
  });

  test('selects without materialising numbers', () => {
    const all = plan.select({ country: 'US', type: 'Local', state: 'CA' });
    assert.ok(all.size > 1000, `${all.size} California blocks`);
    assert.equal(all.maxLines, 10_000);
    const segment = all.segment(0);
    assert.equal(segment.attr.state, 'CA');
    assert.match(segment.prefix, /^\+1\d{6}$/);
    assert.equal(segment.lineDigits, 4);
    const npa = plan.select({ country: 'US', npa: 206 });
    assert.ok(npa.size > 100 && npa.size <= 800);
    for (let i = 0; i < npa.size; i++) assert.ok(npa.segment(i).prefix.startsWith('+1206'));
    const stats = plan.stats();
    assert.equal(stats.segments, stats.blocks);
    assert.ok(stats.indexBytes < 8 * 1024 * 1024, `${stats.indexBytes} bytes`);
  });

  test('answers as a pool of every calling code, which is indexed the general way', () => {
    // The default pool has an index of its own (every block whole); a pool of +1..+9 holds the same blocks.
    const everything = createNumberingPlan({ pool: ['+1', '+2', '+3', '+4', '+5', '+6', '+7', '+8', '+9'] });
    assert.equal(everything.stats().segments, plan.stats().blocks);
    for (const productType of ['BusinessCalling', 'VoiceConnector', 'SipMediaApplicationDialIn'] as const) {
      assert.deepEqual(everything.countries(productType), plan.countries(productType));
    }
    const queries = [
      { country: 'US' },
      { country: 'US', type: 'TollFree' as const },
      { country: 'US', type: 'Local' as const, state: 'WA' },
      { country: 'US', state: 'WA', cityKey: 'seattle' },
      { country: 'CA', type: 'Local' as const },
      { country: 'US', npa: 206 },
      { country: 'GB' },
      { country: 'JP', type: 'TollFree' as const },
    ];
    for (const query of queries) {
      const [a, b] = [plan.select(query), everything.select(query)];
      assert.ok(a.size > 0, JSON.stringify(query));
      assert.equal(a.size, b.size, JSON.stringify(query));
      assert.equal(a.maxLines, b.maxLines, JSON.stringify(query));
      for (let i = 0; i < a.size; i += Math.max(1, Math.floor(a.size / 200))) assert.deepEqual(a.segment(i), b.segment(i));
      assert.deepEqual(a.segment(a.size - 1), b.segment(b.size - 1));
    }
  });
});

describe('createNumberingPlan with a pool', () => {
  test('takes whole blocks under a short prefix and part of a block under a long one', () => {
    const plan = createNumberingPlan({ pool: ['+1206', '+120655501', '+1800', '+442030', '+81120201'] });
    const stats = plan.stats();
    assert.ok(stats.segments > 100 && stats.segments < 2000, `${stats.segments} segments`);
    assert.equal(plan.contains('+12069321234'), true);
    assert.equal(plan.contains('+18005550100'), true);
    assert.equal(plan.contains('+18445550100'), false, 'other toll-free prefix');
    assert.equal(plan.contains('+12125550100'), false, 'other area code');
    assert.equal(plan.contains('+442030401234'), true);
    assert.equal(plan.contains('+442070601234'), false, 'other London block');
    assert.equal(plan.contains('+81120201234'), true);
    assert.equal(plan.contains('+81120211234'), false);
  });

  test('a tiny pool holds exactly its 100 numbers', () => {
    const plan = createNumberingPlan({ pool: ['+120655501'] });
    const tiny = plan.select({ country: 'US' });
    assert.equal(tiny.size, 1);
    assert.deepEqual({ prefix: tiny.segment(0).prefix, lineDigits: tiny.segment(0).lineDigits }, { prefix: '+120655501', lineDigits: 2 });
    assert.equal(tiny.maxLines, 100);
    assert.equal(plan.contains('+12065550100'), true);
    assert.equal(plan.contains('+12065550199'), true);
    assert.equal(plan.contains('+12065550200'), false);
    assert.equal(plan.contains('+12065550099'), false);
  });

  test('countries reflect the pool', () => {
    const plan = createNumberingPlan({ pool: ['+1206', '+44', '+4930'] });
    assert.deepEqual(plan.countries('BusinessCalling'), [{ country: 'US', types: ['Local'] }]);
    assert.deepEqual(plan.countries('VoiceConnector'), [{ country: 'US', types: ['Local'] }]);
    assert.deepEqual(plan.countries('SipMediaApplicationDialIn'), [
      { country: 'US', types: ['Local'] },
      { country: 'DE', types: ['Local'] },
      { country: 'GB', types: ['Local', 'TollFree'] },
    ]);
    const tollFreeOnly = createNumberingPlan({ pool: ['+1888', '+33'] });
    assert.deepEqual(tollFreeOnly.countries('BusinessCalling'), []);
    assert.deepEqual(tollFreeOnly.countries('VoiceConnector'), [{ country: 'US', types: ['TollFree'] }]);
    assert.deepEqual(tollFreeOnly.countries('SipMediaApplicationDialIn'), [
      { country: 'US', types: ['TollFree'] },
      { country: 'FR', types: ['Local', 'TollFree'] },
    ]);
  });

  test('prefixes outside the universe give an empty pool', () => {
    const plan = createNumberingPlan({ pool: ['+1900', '+55', '+1242'] });
    assert.equal(plan.stats().segments, 0);
    assert.deepEqual(plan.countries('SipMediaApplicationDialIn'), []);
    assert.equal(plan.contains('+19005550100'), false);
  });

  test('refuses malformed prefixes', () => {
    assert.throws(() => createNumberingPlan({ pool: ['1206'] }), /pool prefix "1206"/);
    assert.throws(() => createNumberingPlan({ pool: ['+12a'] }), RangeError);
    assert.throws(() => createNumberingPlan({ pool: ['+'] }), RangeError);
  });
});
