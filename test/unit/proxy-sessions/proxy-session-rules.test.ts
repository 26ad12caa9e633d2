import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Participant } from '../../../src/domain/proxy-sessions/proxy-session.ts';
import { expiresAt, statusAt } from '../../../src/domain/proxy-sessions/proxy-session.ts';
import {
  areaCodeOf,
  checkCapabilities,
  checkExpiryMinutes,
  checkParticipants,
  chooseProxyNumbers,
  inPoolCountries,
  type ProxyChoiceInput,
} from '../../../src/domain/proxy-sessions/proxy-session-rules.ts';
import { refuses } from '../../support/domain-errors.ts';

const A = '+12065550100';
const B = '+12065550101';
const C = '+14255550100';
const [P1, P2, P3] = ['+12064661262', '+12064662836', '+12064668219'] as [string, string, string];
const Q = '+14255550199';

/** The input of a choice for the pair (A, B) over `pool`, nothing busy and no history unless given. */
const input = (pool: readonly string[], more: Partial<ProxyChoiceInput> = {}): ProxyChoiceInput => ({ pool, participants: [A, B], busy: new Map(), history: [], ...more });
const proxies = (chosen: readonly Participant[]): string[] => chosen.map((p) => p.proxyPhoneNumber);
const session = (...pairs: [string, string][]): { participants: [Participant, Participant] } => ({
  participants: pairs.map(([phoneNumber, proxyPhoneNumber]) => ({ phoneNumber, proxyPhoneNumber })) as [Participant, Participant],
});

describe('proxy session rules', () => {
  it('takes two different valid participants, adding the +, and never repeats a number in a refusal', () => {
    assert.deepEqual(checkParticipants(['12065550100', B]), [A, B]);
  });

  it('refuses one participant, three, the same number twice and an invalid one', () => {
    refuses(() => checkParticipants([A]), /exactly 2 numbers, not 1/);
    refuses(() => checkParticipants([A, B, C]), /exactly 2 numbers, not 3/);
    const twice = refuses(() => checkParticipants([A, A.slice(1)]), /two different numbers/);
    assert.ok(!twice.message.includes('2065550100'));
    const invalid = refuses(() => checkParticipants([A, '+4477']), /The second of ParticipantPhoneNumbers is not a valid phone number/);
    assert.ok(!invalid.message.includes('4477'));
  });

  it('takes each capability once and at least one; minutes from 1 to a year', () => {
    assert.deepEqual(checkCapabilities(['SMS', 'Voice']), ['SMS', 'Voice']);
    refuses(() => checkCapabilities([]), /Capabilities must name Voice, SMS or both/);
    refuses(() => checkCapabilities(['Voice', 'Voice']), /Capabilities/);
    assert.equal(checkExpiryMinutes(1), 1);
    assert.equal(checkExpiryMinutes(525_600), 525_600);
    for (const minutes of [0, 525_601, 1.5]) refuses(() => checkExpiryMinutes(minutes), /ExpiryMinutes must be a whole number of minutes from 1 to 525600/);
  });

  it('is open until its minutes run out, closed from that millisecond on', () => {
    const s = { createdAt: new Date(Date.UTC(2026, 0, 1)), expiryMinutes: 90 };
    assert.equal(expiresAt(s).toISOString(), '2026-01-01T01:30:00.000Z');
    assert.equal(statusAt(s, new Date(expiresAt(s).getTime() - 1)), 'Open');
    assert.equal(statusAt(s, expiresAt(s)), 'Closed');
  });

  it('gives both participants the lowest number of the pool when nothing else decides', () => {
    assert.deepEqual(chooseProxyNumbers(input([P3, P1, P2]), 'vc'), [
      { phoneNumber: A, proxyPhoneNumber: P1 },
      { phoneNumber: B, proxyPhoneNumber: P1 },
    ]);
  });

  it('never gives a participant a number it holds in an open session, nor a participant\'s own number', () => {
    const busy = new Map([[A, new Set([P1])]]);
    // A holds P1 elsewhere: A gets P2, and B (free of P1) takes A's choice, P2.
    assert.deepEqual(proxies(chooseProxyNumbers(input([P1, P2], { busy }), 'vc')), [P2, P2]);
    // A holds P1 and B holds P2: A gets P2, B cannot take it and gets P1.
    const both = new Map([[A, new Set([P1])], [B, new Set([P2])]]);
    assert.deepEqual(proxies(chooseProxyNumbers(input([P1, P2], { busy: both }), 'vc')), [P2, P1]);
    // A participant's own number is in the pool: never a proxy.
    assert.deepEqual(proxies(chooseProxyNumbers(input([A, P2]), 'vc')), [P2, P2]);
  });

  it('refuses when the pool is empty or holds no number free for a participant, naming which one', () => {
    refuses(() => chooseProxyNumbers(input([]), 'vc1'), /Voice connector vc1 has no proxy phone numbers/);
    const error = refuses(() => chooseProxyNumbers(input([P1], { busy: new Map([[B, new Set([P1])]]) }), 'vc1'), /No proxy phone number of voice connector vc1 is free for the second participant/);
    assert.ok(!error.message.includes(B.slice(2)));
  });

  it('prefers the number a participant had with the same other one (PreferSticky, the default), when it is free', () => {
    const history = [session([A, P3], [B, P2]), session([B, P1], [A, P1])];
    assert.deepEqual(proxies(chooseProxyNumbers(input([P1, P2, P3], { history }), 'vc')), [P3, P2]);
    assert.deepEqual(proxies(chooseProxyNumbers(input([P1, P2, P3], { history, numberSelectionBehavior: 'PreferSticky' }), 'vc')), [P3, P2]);
    // P3 is busy for A now: the next earlier one it had, P1.
    assert.deepEqual(proxies(chooseProxyNumbers(input([P1, P2, P3], { history, busy: new Map([[A, new Set([P3])]]) }), 'vc')), [P1, P2]);
  });

  it('avoids the numbers a participant had with the same other one (AvoidSticky), unless no other is free', () => {
    const history = [session([A, P1], [B, P1])];
    assert.deepEqual(proxies(chooseProxyNumbers(input([P1, P2, P3], { history, numberSelectionBehavior: 'AvoidSticky' }), 'vc')), [P2, P2]);
    assert.deepEqual(proxies(chooseProxyNumbers(input([P1], { history, numberSelectionBehavior: 'AvoidSticky' }), 'vc')), [P1, P1]);
  });

  it('matches the first participant\'s area code or country, or those asked, and falls back when none matches', () => {
    const pool = [P1, Q, '+442079460000'];
    const pair = { participants: [C, B] as const };
    assert.deepEqual(proxies(chooseProxyNumbers(input(pool, { ...pair, geoMatchLevel: 'AreaCode' }), 'vc')), [Q, Q]);
    assert.deepEqual(proxies(chooseProxyNumbers(input(pool, { geoMatchLevel: 'AreaCode', geoMatchParams: { country: 'US', areaCode: '425' } }), 'vc')), [Q, Q]);
    assert.deepEqual(proxies(chooseProxyNumbers(input(pool, { geoMatchLevel: 'Country', geoMatchParams: { country: 'GB', areaCode: '' } }), 'vc')), ['+442079460000', '+442079460000']);
    // No number of area code 312: any free number, the lowest.
    assert.deepEqual(proxies(chooseProxyNumbers(input(pool, { geoMatchLevel: 'AreaCode', geoMatchParams: { country: 'US', areaCode: '312' } }), 'vc')), [P1, P1]);
    // Without a level the params decide nothing.
    assert.deepEqual(proxies(chooseProxyNumbers(input(pool, { ...pair, geoMatchParams: { country: 'GB', areaCode: '' } }), 'vc')), [P1, P1]);
  });

  it('reads North American area codes and pool countries', () => {
    assert.equal(areaCodeOf('+14255550100'), '425');
    assert.equal(areaCodeOf('+442079460000'), undefined);
    assert.equal(inPoolCountries(P1, ['US']), true);
    assert.equal(inPoolCountries('+442079460000', ['US']), false);
    assert.equal(inPoolCountries('+442079460000', ['US', 'GB']), true);
  });
});
