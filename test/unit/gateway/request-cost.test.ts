import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { Throttle } from '../../../src/auth/throttle.ts';
import { costOf } from '../../../src/gateway/request-cost.ts';
import type { ServiceModel } from '../../../src/protocol/model-types.ts';
import { compileService } from '../../../src/protocol/service.ts';

const load = (file: string) => compileService(JSON.parse(readFileSync(new URL(`../../../spec/${file}`, import.meta.url), 'utf8')) as ServiceModel);
const chime = load('chime-2018-05-01.json');
const voice = load('chime-sdk-voice-2022-08-03.json');
const q = (maxResults?: string) => new Map(maxResults === undefined ? [] : [['max-results', [maxResults]]]);

describe('what a request costs', () => {
  test('a search costs one token per 100 results asked', () => {
    const search = chime.operations.get('SearchAvailablePhoneNumbers')!;
    assert.equal(costOf(search, q()), 1, 'default 100');
    assert.equal(costOf(search, q('1')), 1);
    assert.equal(costOf(search, q('101')), 2);
    assert.equal(costOf(search, q('500')), 5);
    assert.equal(costOf(search, q('501')), 1, 'out of bounds: priced as the default, refused by validation');
    assert.equal(costOf(search, q('abc')), 1);
  });

  test('a list costs one token per 50 items asked, its default page being the model’s largest', () => {
    assert.equal(costOf(chime.operations.get('ListPhoneNumbers')!, q()), 2, '99');
    assert.equal(costOf(voice.operations.get('ListPhoneNumberOrders')!, q()), 2, '100');
    assert.equal(costOf(voice.operations.get('ListPhoneNumberOrders')!, q('50')), 1);
    assert.equal(costOf(chime.operations.get('ListPhoneNumberOrders')!, q('100')), 2, 'legacy refuses 100 later; priced as its default');
  });

  test('everything else costs one', () => {
    for (const name of ['CreatePhoneNumberOrder', 'GetPhoneNumber', 'BatchDeletePhoneNumber', 'GetPhoneNumberSettings']) {
      assert.equal(costOf(chime.operations.get(name)!, q('500')), 1, name);
    }
  });

  test('the throttle takes the cost at once, never more than the burst', () => {
    let now = 0;
    const throttle = new Throttle({ now: () => now });
    const limit = { ratePerSecond: 10, burst: 10 };
    assert.deepEqual(throttle.take('a', 'reading', limit, 5), { allowed: true });
    assert.deepEqual(throttle.take('a', 'reading', limit, 5), { allowed: true });
    assert.deepEqual(throttle.take('a', 'reading', limit, 5), { allowed: false, retryAfterSeconds: 1 });
    assert.deepEqual(throttle.take('a', 'reading', limit, 1), { allowed: false, retryAfterSeconds: 1 });
    now = 500;
    assert.deepEqual(throttle.take('a', 'reading', limit, 5), { allowed: true }, '5 tokens back after 0.5 s');
    now = 10_000;
    assert.deepEqual(throttle.take('a', 'reading', limit, 50), { allowed: true }, 'a cost over the burst is charged the burst');
    assert.equal(throttle.available('a', 'reading', limit), 0);
    const slow = { ratePerSecond: 1, burst: 5 };
    throttle.take('b', 'reading', slow, 5);
    assert.deepEqual(throttle.take('b', 'reading', slow, 5), { allowed: false, retryAfterSeconds: 5 });
  });
});
