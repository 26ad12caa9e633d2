/**
 * The numbering plan's universe of blocks for the server: decoded from src/generated/numbering-plan.ts (`npm run
 * plan`; milliseconds) when that data was computed from the libphonenumber-js and geocoding data installed, else
 * computed from them (about a second of CPU and tens of MB of garbage at start).
 */
import { planInputs } from '../domain/inventory/nanp-geography.ts';
import { universe, type Universe } from '../domain/inventory/universe.ts';
import { decodeUniverse } from '../domain/inventory/universe-codec.ts';
import { NUMBERING_PLAN } from '../generated/numbering-plan.ts';

let cached: Universe | undefined;

/** The universe (see the module comment), made on the first call. */
export function planUniverse(): Universe {
  cached ??= precomputed() ?? universe();
  return cached;
}

/** True when the precomputed data matches the installed libraries (and {@link planUniverse} decodes it). */
export function precomputedPlanIsCurrent(): boolean {
  const inputs = planInputs();
  return NUMBERING_PLAN.made.libphonenumber === inputs.libphonenumber && NUMBERING_PLAN.made.geocoding === inputs.geocoding;
}

function precomputed(): Universe | undefined {
  return precomputedPlanIsCurrent() ? decodeUniverse(Buffer.from(NUMBERING_PLAN.data, 'base64')) : undefined;
}
