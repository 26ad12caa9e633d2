/**
 * The numbering plan's universe of blocks for the server: decoded from src/generated/numbering-plan.ts (`npm run
 * plan`; milliseconds) when that data was computed from the libphonenumber-js and geocoding data installed, else
 * computed from them (about a second of CPU and tens of MB of garbage at start). The module's `data` is deflated; in
 * the server's bundle it gives `layout` instead, the same bytes inflated at build time (scripts/build.mjs), so that a
 * start neither loads node:zlib nor inflates.
 */
import { installedPlanVersions } from '../domain/inventory/nanp-geography.ts';
import { universe, type Universe } from '../domain/inventory/universe.ts';
import { decodeUniverse, unpackUniverse } from '../domain/inventory/universe-codec.ts';
import { NUMBERING_PLAN } from '../generated/numbering-plan.ts';

/** The generated module as the sources write it (`data`: deflated, base64) or as the bundle gives it (`layout`). */
interface PlanData {
  made: { libphonenumber: string; geocodingVersion: string; geocoding: string };
  data?: string;
  readonly layout?: Uint8Array;
}

const plan: PlanData = NUMBERING_PLAN;

let cached: Universe | undefined;

/** The universe (see the module comment), made on the first call. */
export function planUniverse(): Universe {
  cached ??= precomputed() ?? universe();
  return cached;
}

/**
 * True when the precomputed data was made from the installed versions of the two libraries (and {@link planUniverse}
 * decodes it); compared by version, not by the geocoding file's digest (see {@link installedPlanVersions}).
 */
export function precomputedPlanIsCurrent(): boolean {
  const installed = installedPlanVersions();
  return plan.made.libphonenumber === installed.libphonenumber && plan.made.geocodingVersion === installed.geocodingVersion;
}

function precomputed(): Universe | undefined {
  if (!precomputedPlanIsCurrent()) return undefined;
  const { layout } = plan;
  return layout ? unpackUniverse(layout) : decodeUniverse(Buffer.from(plan.data!, 'base64'));
}
