/**
 * What the bench adds to every dialtone config file: throttling off and the per-account limits lifted, so that the
 * figures are the server's capacity rather than its quotas. The config schema is strict and still moving, so an
 * override that the server under test does not know (it names it in a start-up error) is dropped and the start is
 * retried; the report lists the overrides that were applied.
 *
 * `BENCH_SERVER_CONFIG`, a JSON object, adds keys of the bench user's own to every config the bench writes, over the
 * scenario's and the overrides' (`BENCH_SERVER_CONFIG='{"database":{"sqliteMmapMiB":1024}}'`): a setting measured
 * beside the defaults without a scenario of its own.
 */

interface Override {
  path: string[];
  value: unknown;
}

const OVERRIDES: Override[] = [
  { path: ['throttling', 'enabled'], value: false },
  { path: ['limits', 'maxProcessingOrdersPerAccount'], value: 1_000_000 },
  { path: ['limits', 'maxPhoneNumbersPerAccount'], value: 100_000_000 },
];

const rejected = new Set<string>();
const name = (o: Override): string => o.path.join('.');

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The keys of `BENCH_SERVER_CONFIG`, parsed once. */
let extra: Record<string, unknown> | undefined;
function serverConfig(): Record<string, unknown> {
  if (extra !== undefined) return extra;
  const text = process.env.BENCH_SERVER_CONFIG;
  const parsed: unknown = text === undefined || text.trim() === '' ? {} : JSON.parse(text);
  if (!isObject(parsed)) throw new Error('BENCH_SERVER_CONFIG must be a JSON object');
  return (extra = parsed);
}

/** `into` with `from`'s keys, objects merged key by key and anything else replaced (copied); `into` is changed. */
export function merged(into: Record<string, unknown>, from: Record<string, unknown>): Record<string, unknown> {
  for (const [key, value] of Object.entries(from)) {
    const here = into[key];
    into[key] = isObject(here) && isObject(value) ? merged(here, value) : structuredClone(value);
  }
  return into;
}

/**
 * `base` with every override the server has not rejected (base values win where both set a key), then the keys of
 * `BENCH_SERVER_CONFIG` (which win).
 */
export function benchConfig(base: object): object {
  const out = structuredClone(base) as Record<string, unknown>;
  for (const o of OVERRIDES) {
    if (rejected.has(name(o))) continue;
    let node = out;
    for (const key of o.path.slice(0, -1)) {
      if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    const last = o.path[o.path.length - 1]!;
    if (!(last in node)) node[last] = o.value;
  }
  return merged(out, serverConfig());
}

/** Marks the overrides that a start-up error says are unknown keys; true when any was newly marked (retry then). */
export function dropRejected(errorText: string): boolean {
  if (!/Unrecognized key/i.test(errorText)) return false;
  let dropped = false;
  for (const o of OVERRIDES) {
    if (!rejected.has(name(o)) && o.path.some((key) => errorText.includes(`"${key}"`))) {
      rejected.add(name(o));
      dropped = true;
    }
  }
  return dropped;
}

export function appliedOverrides(): string[] {
  return OVERRIDES.filter((o) => !rejected.has(name(o))).map((o) => `${name(o)}=${JSON.stringify(o.value)}`);
}
