/**
 * The envelope's `time` (src/domain/events/envelope.ts): whole seconds as EventBridge gives them, the milliseconds cut
 * however they read, for the instants of four-digit years and beyond them (where ISO text carries a sign).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { envelopeOf } from '../../../src/domain/events/envelope.ts';
import type { StoredEvent } from '../../../src/domain/events/event.ts';

const event = (at: Date): StoredEvent => ({
  id: '6f1d7c52-8d3b-4d8e-9f3a-2b7c1e0a9d41',
  accountId: '111111111111',
  type: 'Phone Number Order Created',
  at,
  resources: [{ kind: 'phone-number-order', id: 'abc' }],
  detail: {},
  seq: 1,
});

describe('envelopeOf', () => {
  it('gives the time to the second, as toISOString reads it without its milliseconds', () => {
    for (const text of ['2026-12-07T17:02:45.123Z', '2026-12-07T17:02:45.000Z', '1970-01-01T00:00:00.999Z', '0000-03-01T00:00:00.001Z', '9999-12-31T23:59:59.999Z']) {
      assert.equal(envelopeOf(event(new Date(text)), 'us-east-1').time, text.slice(0, 19) + 'Z');
    }
    assert.equal(envelopeOf(event(new Date(Date.UTC(10000, 0, 1, 0, 0, 1, 500))), 'us-east-1').time, '+010000-01-01T00:00:01Z');
    assert.equal(envelopeOf(event(new Date(Date.UTC(-1, 0, 1, 0, 0, 1, 500))), 'us-east-1').time, '-000001-01-01T00:00:01Z');
  });

  it('names the resources by ARN in the region and the account', () => {
    const envelope = envelopeOf(event(new Date(0)), 'us-west-2');
    assert.deepEqual(envelope.resources, ['arn:aws:chime:us-west-2:111111111111:phone-number-order/abc']);
    assert.equal(envelope.account, '111111111111');
    assert.equal(envelope.source, 'aws.chime');
  });
});
