/**
 * The simulated carrier's rules: the file's `carrier` key, and what `PUT /_dialtone/carrier` may set at run time (the
 * same checks for both).
 */
import * as z from 'zod/mini';
import { e164Prefix, int, matching, num, text } from './fields.ts';

export const carrierRulesSchema = z.strictObject({
  /** Delay of each acquisition call, in milliseconds. */
  latencyMs: z._default(int(0, 600_000), 500),
  /** Numbers the carrier always refuses. */
  failNumbers: z._default(z.array(matching(/^\+[1-9]\d{1,14}$/, 'must be E.164 with +')), []),
  /** E.164 prefixes the carrier always refuses. */
  failPrefixes: z._default(z.array(e164Prefix()), []),
  /** Fraction (0..1) of the other numbers refused, chosen by a hash of `seed` and the number. */
  failRate: z._default(num(0, 1), 0),
  seed: z._default(text(1, 200), 'dialtone'),
});

export type CarrierRules = z.output<typeof carrierRulesSchema>;
