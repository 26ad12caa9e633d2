import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { VoiceAnalyticsTask } from '../../../src/domain/voice-analytics/voice-analytics-task.ts';
import { PROFILE_LIFETIME_YEARS, profileExpiry, voiceprintOf, voiceProfileArn } from '../../../src/domain/voice-analytics/voice-profile.ts';

const iso = (date: Date): string => date.toISOString();
const expiryOf = (start: string): string => iso(profileExpiry(new Date(start)));

type Leg = Pick<VoiceAnalyticsTask, 'accountId' | 'voiceConnectorId' | 'transactionId' | 'callLeg'>;
const leg: Leg = { accountId: '111111111111', voiceConnectorId: 'abcdefghijklmnopqrstuv', transactionId: 'c1e6f0d2-3b4a-4c5d-8e9f-0a1b2c3d4e5f', callLeg: 'Caller' };
/** The leg without a `callLeg`. */
const legless: Leg = { accountId: leg.accountId, voiceConnectorId: leg.voiceConnectorId, transactionId: leg.transactionId };

describe('voice profile rules', () => {
  it('expires a profile three calendar years after it was enrolled or updated, to the millisecond', () => {
    assert.equal(PROFILE_LIFETIME_YEARS, 3);
    assert.equal(expiryOf('2026-09-10T11:12:13.567Z'), '2029-09-10T11:12:13.567Z');
    assert.equal(expiryOf('2026-01-01T00:00:00.000Z'), '2029-01-01T00:00:00.000Z');
    assert.equal(expiryOf('2026-12-31T23:59:59.999Z'), '2029-12-31T23:59:59.999Z', 'the last millisecond of a year');
    assert.equal(expiryOf('2027-03-01T08:00:00.000Z'), '2030-03-01T08:00:00.000Z', 'over a 29 February: 1096 days');
    assert.equal(expiryOf('2025-02-28T08:00:00.000Z'), '2028-02-28T08:00:00.000Z', 'into a leap year: still the 28th');
    assert.equal(expiryOf('2025-03-01T08:00:00.000Z'), '2028-03-01T08:00:00.000Z');
    assert.equal(expiryOf('2027-02-28T08:00:00.000Z'), '2030-02-28T08:00:00.000Z');
    // A 29 February start: its day does not exist three years on; the profile expires on the last day of February.
    assert.equal(expiryOf('2028-02-29T08:09:10.011Z'), '2031-02-28T08:09:10.011Z', 'a 29 February start');
    assert.equal(expiryOf('2024-02-29T23:59:59.999Z'), '2027-02-28T23:59:59.999Z');
    const start = new Date('2026-09-10T11:12:13.567Z');
    profileExpiry(start);
    assert.equal(iso(start), '2026-09-10T11:12:13.567Z', 'the start is not changed');
    assert.ok(profileExpiry(start) !== start);
  });

  it('names a profile by its region, account and id', () => {
    const profile = { id: '0f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f', accountId: '111111111111', region: 'us-east-1' };
    assert.equal(voiceProfileArn(profile), 'arn:aws:chime:us-east-1:111111111111:voice-profile/0f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f');
    assert.equal(voiceProfileArn({ ...profile, region: 'eu-west-2', accountId: '222222222222' }), 'arn:aws:chime:eu-west-2:222222222222:voice-profile/0f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f');
  });

  it("hears a call leg as its own speaker: the same leg of the same call gives the same voiceprint, anything else another", () => {
    const vp = voiceprintOf(leg);
    assert.match(vp, /^[0-9a-f]{64}$/, 'a SHA-256 in hex');
    assert.equal(voiceprintOf({ ...leg }), vp, 'the same leg again');
    const search: VoiceAnalyticsTask = { ...leg, id: '0b7c3f0e-6a51-4b8e-9a3e-1f2d3c4b5a69', kind: 'speaker-search', voiceProfileDomainId: 'vpd-1', createdAt: new Date(0) };
    assert.equal(voiceprintOf(search), vp, 'another search of the same leg (another task, domain, time)');
    assert.equal(voiceprintOf(legless), vp, 'no leg: the caller');
    const others: [string, Leg][] = [
      ['the other leg', { ...leg, callLeg: 'Callee' }],
      ['another call', { ...leg, transactionId: 'd2f7a1e3-4c5b-4d6e-9fa0-1b2c3d4e5f6a' }],
      ['another connector', { ...leg, voiceConnectorId: 'bcdefghijklmnopqrstuvw' }],
      ['another account', { ...leg, accountId: '222222222222' }],
    ];
    const prints = new Set([vp]);
    for (const [what, other] of others) {
      const print = voiceprintOf(other);
      assert.notEqual(print, vp, what);
      prints.add(print);
    }
    assert.equal(prints.size, 5, 'all different from one another');
    assert.notEqual(voiceprintOf({ ...leg, voiceConnectorId: 'ab', transactionId: 'c' }), voiceprintOf({ ...leg, voiceConnectorId: 'a', transactionId: 'bc' }), 'fields do not run into one another');
  });

  it('hears a named speaker as themselves on any call, leg and connector, but per account', () => {
    const alice = voiceprintOf(leg, 'alice');
    assert.match(alice, /^[0-9a-f]{64}$/);
    assert.notEqual(alice, voiceprintOf(leg), "not the leg's own voiceprint");
    assert.equal(voiceprintOf({ ...leg, callLeg: 'Callee' }, 'alice'), alice, 'the other leg');
    assert.equal(voiceprintOf({ ...leg, transactionId: 'd2f7a1e3-4c5b-4d6e-9fa0-1b2c3d4e5f6a' }, 'alice'), alice, 'another call');
    assert.equal(voiceprintOf({ ...legless, voiceConnectorId: 'bcdefghijklmnopqrstuvw' }, 'alice'), alice, 'another connector');
    assert.notEqual(voiceprintOf({ ...leg, accountId: '222222222222' }, 'alice'), alice, 'another account: never the same voiceprint');
    assert.notEqual(voiceprintOf(leg, 'bob'), alice, 'another speaker');
    assert.notEqual(voiceprintOf(leg, 'Alice'), alice, 'names are compared as given');
    assert.notEqual(voiceprintOf(leg, ' alice'), alice);
    assert.notEqual(voiceprintOf(leg, ''), voiceprintOf(leg), 'even an empty name is a named speaker');
    // A name that spells out a leg's fields is not that leg.
    assert.notEqual(voiceprintOf(leg, `${leg.voiceConnectorId}","${leg.transactionId}","Caller`), voiceprintOf(leg));
  });
});
