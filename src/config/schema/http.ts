/** The HTTP server (`http`: connections, timeouts, shedding, worker processes) and the access-key cache (`access`). */
import * as z from 'zod/mini';
import { int } from './fields.ts';

/** Most processes `dialtone serve --workers N` starts. */
export const MAX_WORKERS = 256;

export const httpSchema = z.prefault(
  z
    .strictObject({
      /** Request line plus headers, in bytes; more answers 431. */
      maxHeaderBytes: z._default(int(1024, 1024 * 1024), 16 * 1024),
      /** Header lines; more answers 400. */
      maxHeaders: z._default(int(8, 2000), 100),
      /** Time a client has to send its headers (ms); then 408 and the connection is closed. */
      headersTimeoutMs: z._default(int(100, 600_000), 10_000),
      /** Time a client has to send its whole request (ms); then 408 and the connection is closed. */
      requestTimeoutMs: z._default(int(100, 3_600_000), 30_000),
      keepAliveTimeoutMs: z._default(int(100, 600_000), 5_000),
      /** Open connections in total; a request on a connection over the cap answers 503 and the connection closes. */
      maxConnections: z._default(int(1, 1_000_000), 10_000),
      /** Open connections from one client address, likewise. */
      maxConnectionsPerAddress: z._default(int(1, 1_000_000), 1_000),
      /** Requests answered at once; beyond, 503 with Retry-After before the body is read (overload is shed, not queued). */
      maxInFlight: z._default(int(1, 1_000_000), 1_024),
      /**
       * Requests arriving while the event loop runs more than this late (ms) answer 503 with Retry-After before their
       * body is read (health, readiness and metrics still answer); 0 never sheds for lag.
       */
      maxEventLoopLagMs: z._default(int(0, 60_000), 200),
      /**
       * Processes that serve the API on the same port and database (`dialtone serve --workers N`): a primary migrates
       * the database, starts them and restarts one that dies. 1 is a single process, as before.
       */
      workers: z._default(int(1, MAX_WORKERS), 1),
    })
    .check(z.refine((http) => http.headersTimeoutMs <= http.requestTimeoutMs, { message: 'headersTimeoutMs must not exceed requestTimeoutMs' })),
  {},
);

export const accessSchema = z.prefault(
  z.strictObject({
    /** How long a looked-up access key (and its account) is reused before the database is read again (ms). */
    cacheTtlMs: z._default(int(0, 600_000), 2_000),
  }),
  {},
);
