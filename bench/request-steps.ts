/**
 * The steps a signed GetPhoneNumber or GetPhoneNumberOrder takes before and after the database, without HTTP: reading
 * its SigV4 headers (`checkSigV4Headers`: the Authorization header, the date, the scope), the signature over the
 * request (`verifySignature`), splitting and routing its path among both APIs' operations, and reading and checking
 * its input (`readInput`). A measurement to run by hand, for a change inside one of these steps: with `--compare DIR`
 * the same steps run through another checkout's sources, each checkout in a process of its own, alternated round by
 * round; medians of the rounds, in µs per call.
 *
 *   node --import tsx bench/request-steps.ts [--rounds 5] [--count 200000] [--compare DIR]
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { signRequest } from '../test/support/sign.ts';
import { alternate, timePerCall, type Timings } from './alternate.ts';
import type * as Sigv4 from '../src/auth/sigv4.ts';
import type * as Query from '../src/protocol/query.ts';
import type * as ReadInput from '../src/protocol/read-input.ts';
import type * as Router from '../src/protocol/router.ts';
import type * as Service from '../src/protocol/service.ts';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    count: { type: 'string', default: '200000' },
    compare: { type: 'string' },
    // Internal: one round of one checkout.
    'run-in': { type: 'string' },
  },
});
const ROOT = resolve(import.meta.dirname, '..');
const SECRET = 'benchmark-secret-key';
const AT = new Date(Date.UTC(2026, 11, 4, 8, 0, 0));

/** A GET signed as the AWS CLI signs it (the headers it signs; test/support/sign.ts), at `at`. */
function signedGet(target: string, at: Date): { method: string; target: string; rawHeaders: string[]; body: Buffer } {
  const headers = signRequest({
    method: 'GET',
    target,
    headers: { host: '127.0.0.1:8080', 'amz-sdk-invocation-id': 'c1a4c4b8-4b0e-4a62-9bd5-0f5ba1d7a1f3', 'amz-sdk-request': 'attempt=1; max=3' },
    accessKeyId: 'AKIDBENCH',
    secretAccessKey: SECRET,
    region: 'us-east-1',
    service: 'chime',
    date: at,
  });
  return { method: 'GET', target, rawHeaders: [...Object.entries(headers).flat(), 'user-agent', 'aws-cli/2.9.19'], body: Buffer.alloc(0) };
}

async function round(checkout: string, count: number): Promise<Timings> {
  const load = async <T>(path: string) => (await import(pathToFileURL(join(checkout, path)).href)) as T;
  const sigv4 = await load<typeof Sigv4>('src/auth/sigv4.ts');
  const { compileService } = await load<typeof Service>('src/protocol/service.ts');
  const { createRouter } = await load<typeof Router>('src/protocol/router.ts');
  const { splitTarget } = await load<typeof Query>('src/protocol/query.ts');
  const { readInput } = await load<typeof ReadInput>('src/protocol/read-input.ts');
  const model = (file: string) => compileService(JSON.parse(readFileSync(join(checkout, 'spec', file), 'utf8')) as Parameters<typeof compileService>[0]);
  const router = createRouter([model('chime-2018-05-01.json'), model('chime-sdk-voice-2022-08-03.json')]);

  // 64 requests, each signed in its own second (a date read again only after 63 others), as under a steady load.
  const numbers = Array.from({ length: 64 }, (_, i) => `/phone-numbers/%2B1206555${String(i).padStart(4, '0')}`);
  const signed = numbers.map((target, i) => signedGet(target, new Date(AT.getTime() + i * 1000)));
  const credential = { secretAccessKey: SECRET };
  const options = (i: number) => ({ service: 'chime', now: new Date(AT.getTime() + i * 1000), lookup: () => credential });
  const routed = numbers.map((target) => {
    const { rawSegments, query } = splitTarget(target);
    const found = router.route('GET', rawSegments, query);
    if (found.kind !== 'match') throw new Error(`${target} does not route`);
    return { ...found, query };
  });
  const empty = Buffer.alloc(0);
  return {
    'SigV4 headers': await timePerCall((i) => sigv4.checkSigV4Headers(signed[i & 63]!, options(i & 63)), count),
    'SigV4 headers and signature': await timePerCall((i) => sigv4.verifySigV4(signed[i & 63]!, options(i & 63)), count),
    'split and route': await timePerCall((i) => {
      const { rawSegments, query } = splitTarget(numbers[i & 63]!);
      return router.route('GET', rawSegments, query);
    }, count),
    'read input': await timePerCall((i) => {
      const r = routed[i & 63]!;
      return readInput(r.service, r.operation, { labels: r.labels, query: r.query, headers: {}, body: empty });
    }, count),
  };
}

if (args['run-in'] !== undefined) {
  console.log(JSON.stringify(await round(args['run-in'], Number(args.count))));
} else {
  const checkouts = [ROOT, ...(args.compare === undefined ? [] : [args.compare])];
  alternate(import.meta.filename, checkouts, Number(args.rounds));
}
