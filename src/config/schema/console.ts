/** The web console (`console`, docs/console.md). */
import * as z from 'zod/mini';
import { num } from './fields.ts';

export const consoleSchema = z.prefault(
  z.strictObject({
    /** Serves the web console at `/_dialtone/console/` (docs/console.md). */
    enabled: z._default(z.boolean(), true),
    /** Answers the console to clients that are not on loopback (127.0.0.0/8, ::1); off by default. */
    allowRemote: z._default(z.boolean(), false),
    /** Marks the session cookie `Secure` even when the request did not come over TLS here (a TLS proxy in front). */
    secureCookies: z._default(z.boolean(), false),
    /** A session ends this long after sign-in, however active (minutes). */
    sessionMinutes: z._default(num(1, 43_200), 480),
    /** A session ends after this long without a request (minutes). */
    idleMinutes: z._default(num(1, 43_200), 60),
    /** The built console (index.html and assets/); absent: `console/` beside the dialtone bundle (dist/console). */
    assetsDir: z.optional(z.string().check(z.minLength(1))),
  }),
  {},
);
