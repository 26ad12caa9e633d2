/** The logs (`logging`) and the Prometheus metrics (`metrics`). */
import * as z from 'zod/mini';
import { LOG_LEVELS } from '../../shared/log-levels.ts';
import { int } from './fields.ts';

export const loggingSchema = z.prefault(
  z.strictObject({
    level: z._default(z.enum(LOG_LEVELS), 'info'),
    /** Bytes of log lines kept while stdout's consumer is slower than the logs; further lines are dropped and counted. */
    bufferBytes: z._default(int(16_384, 1_073_741_824), 4_194_304),
    /** Buffered lines are written at least this often, ms (and whenever 16 KiB have gathered). */
    flushIntervalMs: z._default(int(10, 3_600_000), 200),
  }),
  {},
);

export const metricsSchema = z.prefault(
  z.strictObject({
    /**
     * `/_dialtone/metrics` needs `Authorization: Bearer <token>` when set (from any address); without it only
     * loopback clients may read the metrics.
     */
    token: z.optional(z.string().check(z.minLength(16, 'must be at least 16 characters'), z.maxLength(256))),
    /** The database-backed gauges (orders by status, pending jobs) are counted at most this often (ms). */
    refreshMs: z._default(int(0, 3_600_000), 5_000),
  }),
  {},
);
