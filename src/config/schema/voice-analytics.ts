/** Voice analytics (`voiceAnalytics`): how often the tasks past their day and the expired voice profiles are pruned. */
import * as z from 'zod/mini';
import { int } from './fields.ts';

export const voiceAnalyticsSchema = z.prefault(
  z.strictObject({
    /** Real time between two prunes of the tasks past their day and the expired voice profiles, in ms. */
    pruneIntervalMs: z._default(int(10, 3_600_000), 60_000),
  }),
  {},
);
