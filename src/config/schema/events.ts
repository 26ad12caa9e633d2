/** The outbox of events (`events`): their region, retention, and the live stream of them. */
import * as z from 'zod/mini';
import { int, num, region } from './fields.ts';

export const eventsSchema = z.prefault(
  z.strictObject({
    /** The `region` of every event's envelope and of the ARNs in its `resources`. */
    region: z._default(region(), 'us-east-1'),
    /** Days an event is kept for replay (the stream, webhook retries); older events are pruned in the background. */
    retentionDays: z._default(num(0.001, 3_650), 7),
    /** Real time between two prunes of the outbox, in ms. */
    pruneIntervalMs: z._default(int(10, 3_600_000), 60_000),
    /** The live stream (`GET /_dialtone/events` with `Accept: text/event-stream`). */
    stream: z.prefault(
      z.strictObject({
        /** A comment line is sent after this long without an event (ms), so that proxies and clients see it alive. */
        heartbeatMs: z._default(int(10, 3_600_000), 15_000),
        /** How often the events committed by other nodes sharing the database are looked for (ms). */
        pollIntervalMs: z._default(int(10, 60_000), 500),
        /** Streams open at once on this process (beyond: 503 ServiceUnavailableException). */
        maxStreams: z._default(int(0, 100_000), 1_000),
        /** Streams open at once per account on this process (beyond: 429 ThrottledClientException). */
        maxStreamsPerAccount: z._default(int(0, 100_000), 10),
      }),
      {},
    ),
  }),
  {},
);
