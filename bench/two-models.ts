/**
 * What serving two APIs costs per request: choosing the API, routing and reading + validating the input, with one
 * model loaded (the legacy router alone, no choice: how dialtone answered before Chime SDK Voice) against the three
 * APIs of today (selector, then the chosen model's router: `both` for an unmarked client, `chime-sdk-voice` by
 * User-Agent, `chime` by path prefix). In-process, no HTTP and no database: only the steps that the second model adds
 * to. Also the start-up cost of loading, merging and compiling the models.
 *
 *   node --import tsx bench/two-models.ts [--runs 7] [--iterations 200000]
 */
import type { IncomingMessage } from 'node:http';
import { parseArgs } from 'node:util';
import { compileModels, loadChimeModel } from '../src/main.ts';
import { apiSelector, type Api } from '../src/gateway/api-selector.ts';
import { splitTarget } from '../src/protocol/query.ts';
import { readInput } from '../src/protocol/read-input.ts';
import { createRouter, type Router } from '../src/protocol/router.ts';
import { compileService, type CompiledService } from '../src/protocol/service.ts';
import type { ApiName } from '../src/shared/api-names.ts';
import { median, round } from './stats.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' }, iterations: { type: 'string', default: '200000' } } });
const runs = Number(values.runs);
const iterations = Number(values.iterations);

const JS_VOICE = 'aws-sdk-js/3.1141.0 ua/2.1 os/linux#6.1 lang/js md/nodejs#20.20.2 api/chime-sdk-voice#3.1141.0 m/N,E,g';
const BOTO3 = 'Boto3/1.43.11 md/Botocore#1.43.11 ua/2.1 os/linux#6.1 md/arch#x86_64 lang/python#3.11.7 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.43.11';

interface Sample {
  method: string;
  url: string;
  body: Buffer;
}
const SAMPLES: Sample[] = [
  { method: 'POST', url: '/phone-number-orders', body: Buffer.from('{"ProductType":"VoiceConnector","E164PhoneNumbers":["+12065550100"],"Name":"main line"}') },
  { method: 'GET', url: '/phone-numbers?status=Unassigned&product-type=VoiceConnector&max-results=99', body: Buffer.alloc(0) },
  { method: 'GET', url: '/phone-numbers/%252B12065550100', body: Buffer.alloc(0) },
  { method: 'GET', url: '/search?type=phone-numbers&area-code=206&max-results=10', body: Buffer.alloc(0) },
];

function fakeRequest(sample: Sample, agent: string, prefix = ''): IncomingMessage {
  return { method: sample.method, url: `${prefix}${sample.url}`, headers: { host: '127.0.0.1:8080', 'user-agent': agent } } as unknown as IncomingMessage;
}

/** Route and read one request: the work that does not depend on how many models are loaded. */
function handle(service: CompiledService, router: Router, method: string, target: string, headers: IncomingMessage['headers'], body: Buffer): void {
  const { rawSegments, query } = splitTarget(target);
  const routed = router.route(method, rawSegments, query);
  if (routed.kind !== 'match') throw new Error(`no route for ${method} ${target}`);
  // The legacy model refuses Name (unknown members are dropped, not refused): the same input is read either way.
  readInput(service, routed.operation, { labels: routed.labels, query, headers, body });
}

/** Nanoseconds per call of `body`, over `iterations` calls. */
function measure(body: (i: number) => void): number {
  const started = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) body(i);
  return Number(process.hrtime.bigint() - started) / iterations;
}

let started = performance.now();
const oneModel = compileService(loadChimeModel());
const oneModelMs = performance.now() - started;
started = performance.now();
const models = compileModels();
const threeModelsMs = performance.now() - started;
console.log(`start-up: legacy model compiled in ${round(oneModelMs, 1)} ms; three APIs (two models + their union) in ${round(threeModelsMs, 1)} ms`);

const oneRouter = createRouter([oneModel]);
const apis = Object.fromEntries(
  (['chime', 'chime-sdk-voice', 'both'] as const).map((name) => [name, { name, service: models[name], router: createRouter([models[name]]) }]),
) as Record<ApiName, Api>;
const selector = apiSelector(apis, 'both');

const requests = (agent: string, prefix = ''): IncomingMessage[] => SAMPLES.map((s) => fakeRequest(s, agent, prefix));
const boto = requests(BOTO3);
const js = requests(JS_VOICE);
const prefixed = requests(BOTO3, '/chime');

type Variant = [label: string, body: (i: number) => void];
const viaSelector =
  (reqs: IncomingMessage[]) =>
  (i: number): void => {
    const req = reqs[i % SAMPLES.length]!;
    const { api, target } = selector.select(req);
    handle(api.service, api.router, req.method!, target, req.headers, SAMPLES[i % SAMPLES.length]!.body);
  };
const variants: Variant[] = [
  [
    'one model (legacy router, no choice)',
    (i) => {
      const req = boto[i % SAMPLES.length]!;
      handle(oneModel, oneRouter, req.method!, req.url!, req.headers, SAMPLES[i % SAMPLES.length]!.body);
    },
  ],
  ['three APIs: boto3, no marker → both (union model)', viaSelector(boto)],
  ['three APIs: JS SDK voice User-Agent → chime-sdk-voice', viaSelector(js)],
  ['three APIs: path prefix /chime → chime', viaSelector(prefixed)],
];

// Every run measures every variant in turn, so that a busy neighbour weighs on all of them alike; run 0 warms up.
const perVariant: number[][] = variants.map(() => []);
for (let run = 0; run <= runs; run++) {
  variants.forEach(([, body], v) => {
    const ns = measure(body);
    if (run > 0) perVariant[v]!.push(ns);
  });
}
const base = median(perVariant[0]!);
variants.forEach(([label], v) => {
  const ns = median(perVariant[v]!);
  const delta = v === 0 ? '' : `  ${ns - base >= 0 ? '+' : ''}${round(ns - base, 0)} ns against one model`;
  console.log(`${label.padEnd(54)} ${round(ns, 0).toString().padStart(6)} ns/request${delta}  (runs: ${perVariant[v]!.map((x) => round(x, 0)).join(', ')})`);
});
