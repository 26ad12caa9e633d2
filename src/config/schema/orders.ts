/** Orders: retention and retried creates (`orders`), and the fulfilment worker (`fulfilment`). */
import * as z from 'zod/mini';
import { int, num } from './fields.ts';

export const ordersSchema = z.prefault(
  z
    .strictObject({
      /**
       * Days a finished order (Successful, Partial, Failed) is kept after it finished; then it is deleted in the
       * background with its ordered numbers (owned numbers stay). 0 keeps every order forever.
       */
      retentionDays: z._default(num(0, 36_500), 90),
      /**
       * How long a CreatePhoneNumberOrder's `amz-sdk-invocation-id` answers retries of that call with the order it
       * created (ms); 0 ignores the header (every retry creates another order).
       */
      idempotencyWindowMs: z._default(int(0, 7 * 24 * 3_600_000), 600_000),
      /** Real time between two order sweeps (retention, expired invocation ids), in ms. */
      sweepIntervalMs: z._default(int(10, 3_600_000), 10_000),
    })
    .check(
      z.refine((orders) => orders.retentionDays === 0 || orders.retentionDays * 86_400_000 >= orders.idempotencyWindowMs, {
        message: 'retentionDays must keep orders at least as long as idempotencyWindowMs (a retry answers the order it created)',
      }),
    ),
  {},
);

export const fulfilmentSchema = z.prefault(
  z.strictObject({
    leaseMs: z._default(int(100, 3_600_000), 15_000),
    batchSize: z._default(int(1, 10_000), 200),
    idleMs: z._default(int(1, 60_000), 250),
    maxInFlight: z._default(int(1, 64), 4),
  }),
  {},
);
