/** What the carrier sells and how search orders it (`inventory`), and the life of owned numbers (`phoneNumbers`). */
import * as z from 'zod/mini';
import { e164Prefix, int, num, text } from './fields.ts';

export const inventorySchema = z.prefault(
  z.strictObject({
    /** E.164 prefixes the carrier sells from; absent means the whole numbering plan. */
    pool: z.optional(z.array(e164Prefix()).check(z.minLength(1))),
    /** Days a released number ages before it can be sold again. */
    agingDays: z._default(num(0, 3650), 30),
    /** Seed of the order in which search results appear (stable for a given seed). */
    searchSeed: z._default(text(1, 200), 'dialtone'),
  }),
  {},
);

export const phoneNumbersSchema = z.prefault(
  z.strictObject({
    /** Days a deleted number stays in the deletion queue (restorable) before it is released to the carrier pool. */
    deletionQueueDays: z._default(num(0, 365), 7),
    /** How long a calling-name update stays UpdateInProgress before UpdateSucceeded (service clock), in ms. */
    callingNamePropagationMs: z._default(int(0, 30 * 24 * 3_600_000), 60_000),
    /** Real time between two inventory sweeps (deletion queue, calling names), in ms. */
    sweepIntervalMs: z._default(int(10, 3_600_000), 1_000),
  }),
  {},
);
