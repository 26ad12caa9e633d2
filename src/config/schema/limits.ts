/** The global limits and quotas (`limits`) and the throttling of requests (`throttling`). */
import * as z from 'zod/mini';
import { rateSchema } from './accounts.ts';
import { int } from './fields.ts';

export const limitsSchema = z.prefault(
  z.strictObject({
    maxNumbersPerOrder: z._default(int(1, 1000), 100),
    maxBodyBytes: z._default(int(1024, 16 * 1024 * 1024), 1024 * 1024),
    /** Most items of one BatchUpdatePhoneNumber / BatchDeletePhoneNumber request. */
    maxPhoneNumbersPerBatch: z._default(int(1, 1000), 100),
    /** Quota: numbers an account may own plus have on order (orders in Processing). */
    maxPhoneNumbersPerAccount: z._default(int(0, 100_000_000), 10_000),
    /** Quota: orders an account may have in Processing at once. */
    maxProcessingOrdersPerAccount: z._default(int(0, 1_000_000), 100),
    /** JSON bodies nesting arrays/objects deeper than this are refused before parsing. */
    maxJsonDepth: z._default(int(2, 1000), 32),
    /** Quota: voice connectors an account may have (AWS sets its quotas outside the model; 3 is dialtone's default). */
    maxVoiceConnectorsPerAccount: z._default(int(0, 100_000), 3),
    /** Quota: voice connector groups an account may have (3 by default, as connectors). */
    maxVoiceConnectorGroupsPerAccount: z._default(int(0, 100_000), 3),
    /** Most voice connectors one group may list in `VoiceConnectorItems` (the model's documentation says 3). */
    maxVoiceConnectorsPerGroup: z._default(int(1, 99), 3),
    /** Quota: SIP media applications an account may have (AWS sets its quotas outside the model; 10 is dialtone's default). */
    maxSipMediaApplicationsPerAccount: z._default(int(0, 100_000), 10),
    /** Quota: SIP rules an account may have (one per number wired to an application, or per connector host name). */
    maxSipRulesPerAccount: z._default(int(0, 100_000), 100),
    /** Quota: voice profile domains an account may have in each region (AWS's default quota is 3). */
    maxVoiceProfileDomainsPerRegion: z._default(int(0, 100_000), 3),
  }),
  {},
);

export const throttlingSchema = z.prefault(
  z.strictObject({
    /** Token buckets per account: `reading` for GET/HEAD, `mutating` for the other methods. */
    enabled: z._default(z.boolean(), true),
    reading: z.prefault(rateSchema, { ratePerSecond: 100, burst: 200 }),
    mutating: z.prefault(rateSchema, { ratePerSecond: 20, burst: 50 }),
    /** Failed authentications per client address; beyond them the address gets 429 before any key is looked up. */
    authFailures: z.prefault(rateSchema, { ratePerSecond: 10, burst: 100 }),
    /** Requests of one account answered at once; beyond, 429 (one account cannot hold every slot). */
    maxInFlightPerAccount: z._default(int(1, 100_000), 64),
  }),
  {},
);
