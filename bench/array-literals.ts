/**
 * What writing a create's array parameters costs on PostgreSQL (a measurement to run by hand): node-postgres's own
 * writing of an array (`prepareValue`) against src/storage/postgres/array-literal.ts's `arrayLiteral`, on the columns
 * of group-commit batches of 25 creates (ids, accounts, product types, statuses, times, an event's JSON text, nulls,
 * numbers, positions), 200 batches, three warm-up passes and 20 timed ones, three rounds: µs of CPU per create.
 *
 *   node --import tsx bench/array-literals.ts
 */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { arrayLiteral } from '../src/storage/postgres/array-literal.ts';
/** node-postgres's conversion of a parameter (its lib/utils.js, which its types do not declare). */
const { prepareValue } = createRequire(import.meta.url)('pg/lib/utils.js') as { prepareValue: (value: unknown) => unknown };
// A group commit's batch of 25 creates: the columns as arrays (ids, accounts, statuses, times, event payloads).
function batch(n: number): unknown[][] {
  const ids = Array.from({ length: n }, () => randomUUID());
  const payload = (i: number) => JSON.stringify({ version: '0', id: randomUUID(), 'detail-type': 'Phone Number Order State Change', source: 'aws.chime', account: '111111111111', time: '2026-12-07T21:00:00Z', region: 'us-east-1', resources: [`arn:aws:chime:us-east-1:111111111111:phone-number-order/${ids[i]}`], detail: { phoneNumberOrderId: ids[i], status: 'Processing', productType: 'VoiceConnector', orderedPhoneNumbers: [{ e164PhoneNumber: '+12065550100', status: 'Processing' }] } });
  return [ids, ids.map(() => '111111111111'), ids.map(() => 'VoiceConnector'), ids.map(() => 'Processing'), ids.map((_, i) => 1765141200000 + i), ids.map((_, i) => payload(i)), ids.map(() => null), ids.map(() => '+12065550100'), ids.map((_, i) => i)];
}
const batches = Array.from({ length: 200 }, () => batch(25));
function time(label: string, f: (a: unknown[]) => unknown): number {
  let sink = 0;
  for (let w = 0; w < 3; w++) for (const b of batches) for (const a of b) sink += String(f(a)).length;
  const t0 = process.cpuUsage();
  for (let r = 0; r < 20; r++) for (const b of batches) for (const a of b) sink += String(f(a)).length;
  const us = process.cpuUsage(t0);
  const perCreate = (us.user + us.system) / (20 * batches.length * 25);
  console.log(`${label}: ${perCreate.toFixed(2)} µs of CPU per create (sink ${sink})`);
  return perCreate;
}
for (let round = 0; round < 3; round++) {
  time("node-postgres's prepareValue", (a) => prepareValue(a));
  time('arrayLiteral', (a) => arrayLiteral(a));
}
