/** Webhook deliveries of events (`webhooks`): where they may go, how they are sent and retried, and the subscriptions. */
import * as z from 'zod/mini';
import { accountId, int, text } from './fields.ts';

const subscriptionSchema = z.strictObject({
  id: z.optional(z.uuid()),
  accountId: accountId(),
  url: text(1, 2_048),
  secret: text(16, 256),
  types: z.optional(z.array(z.string()).check(z.minLength(1))),
});

export const webhooksSchema = z.prefault(
  z
    .strictObject({
      /**
       * Where deliveries may go: CIDRs (`10.1.0.0/16`, `fd00::/8`) and host names (`hooks.example.com`, or
       * `*.example.com` for its subdomains). A target's host is resolved and every address must be inside a CIDR, unless
       * the host itself is named. Checked when a subscription is created and at each delivery (which connects to the
       * address that was checked).
       */
      allowedTargets: z._default(z.array(text(1, 253)).check(z.maxLength(1_000)), ['127.0.0.0/8', '::1']),
      /** Each delivery's request is cut after this long (ms), connecting included. */
      timeoutMs: z._default(int(100, 120_000), 10_000),
      /** Subscriptions delivered at once by one process. */
      concurrency: z._default(int(1, 1_000), 16),
      /** Real time between two looks for deliveries made due by other nodes or by a retry's backoff (ms). */
      pollIntervalMs: z._default(int(10, 60_000), 1_000),
      /** How long a claim holds a subscription (ms; renewed at each cursor write); more than `timeoutMs`. */
      leaseMs: z._default(int(200, 3_600_000), 30_000),
      /** Events read at once per subscription, and delivered between two writes of its cursor (what a crash may send again). */
      batchSize: z._default(int(1, 10_000), 100),
      /** Most subscriptions per account. */
      maxSubscriptionsPerAccount: z._default(int(1, 10_000), 20),
      retry: z.prefault(
        z.strictObject({
          /** The first retry waits up to this long (ms); each failure doubles the ceiling; the wait is drawn below it. */
          initialMs: z._default(int(1, 3_600_000), 1_000),
          /** No retry waits longer (ms). */
          maxMs: z._default(int(1, 86_400_000), 3_600_000),
          /** Once a subscription has failed this long (ms), an event that fails is dead-lettered and it moves on (default 3 days). */
          periodMs: z._default(int(0, 30 * 86_400_000), 3 * 86_400_000),
        }),
        {},
      ),
      /** Subscriptions applied at start: created, or updated when one of that id (or of that account and url) exists. */
      subscriptions: z._default(z.array(subscriptionSchema).check(z.maxLength(10_000)), []),
    })
    .check(z.refine((w) => w.leaseMs > w.timeoutMs, { message: 'leaseMs must exceed timeoutMs (a claim must outlast the request it waits for)' })),
  {},
);
