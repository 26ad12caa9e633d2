/**
 * What writing an answer by the model costs (`serializeOutput`, src/protocol/serialize.ts): a ListPhoneNumbers page of
 * 50 numbers (about 21 KB of JSON, 100 timestamps, all different), the same page of the numbers of one order (their
 * timestamps alike) and one GetPhoneNumberOrder, from the handler's values to the body text. A measurement to run by
 * hand; with `--compare DIR` the same answers are written by another checkout's sources, alternated round by round in
 * processes of their own (alternate.ts); medians of the rounds, in µs per answer.
 *
 *   node --import tsx bench/serialize-cost.ts [--rounds 5] [--count 5000] [--compare DIR]
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { alternate, timePerCall, type Timings } from './alternate.ts';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    count: { type: 'string', default: '5000' },
    compare: { type: 'string' },
    'run-in': { type: 'string' },
  },
});

interface Service {
  operations: Map<string, unknown>;
}

async function round(checkout: string, count: number): Promise<Timings> {
  const load = async <T>(file: string): Promise<T> => (await import(pathToFileURL(join(checkout, file)).href)) as T;
  const { compileService } = await load<{ compileService(model: unknown): Service }>('src/protocol/service.ts');
  const { serializeOutput } = await load<{ serializeOutput(s: Service, op: unknown, out: unknown): { body?: string } }>('src/protocol/serialize.ts');
  const chime = compileService(JSON.parse(readFileSync(join(checkout, 'spec/chime-2018-05-01.json'), 'utf8')));
  const at = Date.UTC(2026, 11, 2, 11, 24, 6, 80);
  const numbers = Array.from({ length: 50 }, (_, i) => ({
    PhoneNumberId: `%2B1206555${1000 + i}`,
    E164PhoneNumber: `+1206555${1000 + i}`,
    Country: 'US',
    Type: 'Local',
    ProductType: 'VoiceConnector',
    Status: 'Unassigned',
    Capabilities: { InboundCall: true, OutboundCall: true, InboundSMS: true, OutboundSMS: true, InboundMMS: true, OutboundMMS: true },
    Associations: [],
    CallingNameStatus: 'Unassigned',
    CreatedTimestamp: new Date(at - i * 1_000),
    UpdatedTimestamp: new Date(at - i * 500),
    OrderId: 'f4d758ae-5f36-4d2a-bf95-7152ecce43ff',
  }));
  const page = { PhoneNumbers: numbers, NextToken: 'eyJhIjoiKzEyMDY1NTUxMDQ5In0.q1w2e3r4t5y6u7i8o9p0aa' };
  // The numbers of one order, never changed since: created and updated at the order's settlement.
  const oneOrder = { ...page, PhoneNumbers: numbers.map((n) => ({ ...n, CreatedTimestamp: new Date(at), UpdatedTimestamp: new Date(at) })) };
  const order = {
    PhoneNumberOrder: {
      PhoneNumberOrderId: 'f4d758ae-5f36-4d2a-bf95-7152ecce43ff',
      ProductType: 'VoiceConnector',
      Status: 'Successful',
      OrderedPhoneNumbers: [{ E164PhoneNumber: '+12065551000', Status: 'Acquired' }],
      CreatedTimestamp: new Date(at),
      UpdatedTimestamp: new Date(at + 1_200),
    },
  };
  const list = chime.operations.get('ListPhoneNumbers');
  const get = chime.operations.get('GetPhoneNumberOrder');
  return {
    'ListPhoneNumbers, 50': await timePerCall(() => serializeOutput(chime, list, page), count),
    'ListPhoneNumbers, 50 of one order': await timePerCall(() => serializeOutput(chime, list, oneOrder), count),
    GetPhoneNumberOrder: await timePerCall(() => serializeOutput(chime, get, order), count * 10),
  };
}

if (args['run-in'] !== undefined) {
  console.log(JSON.stringify(await round(args['run-in'], Number(args.count))));
} else {
  const root = resolve(import.meta.dirname, '..');
  alternate(import.meta.filename, [root, ...(args.compare === undefined ? [] : [args.compare])], Number(args.rounds), () => ['--count', args.count!]);
}
