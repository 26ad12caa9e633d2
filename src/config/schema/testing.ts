/** The test-mode controls (`testing`). Never enable them in production. */
import * as z from 'zod/mini';

export const testingSchema = z.prefault(
  z.strictObject({
    /** Offers POST /_dialtone/clock to move the service's clock forward. Never enable in production. */
    clockControl: z._default(z.boolean(), false),
    /**
     * Offers POST /_dialtone/reset (wipe one account's resources, or everyone's) and GET/PUT/DELETE
     * /_dialtone/carrier (the simulated carrier's rules at run time). Never enable in production.
     */
    stateControl: z._default(z.boolean(), false),
  }),
  {},
);
