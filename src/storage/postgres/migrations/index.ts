/**
 * The PostgreSQL migrations, keyed by the same names as the SQLite ones (one schema, two dialects), and PostgreSQL's
 * own where only how it keeps the same data differs (0016; SQLite's own, 0017, has no twin here). kysely's Migrator
 * applies them in name order, in one transaction, under its advisory lock, so several nodes starting at once migrate
 * once. Forward-only: never edit or remove an applied migration, add the next one (and its SQLite twin when the schema
 * changes).
 */
import type { Migration } from 'kysely';
import * as m0001 from './0001-orders.ts';
import * as m0002 from './0002-fulfilment.ts';
import * as m0003 from './0003-inventory-lifecycle.ts';
import * as m0004 from './0004-access.ts';
import * as m0005 from './0005-usage-counters.ts';
import * as m0006 from './0006-number-names.ts';
import * as m0007 from './0007-voice-connectors.ts';
import * as m0008 from './0008-order-invocations.ts';
import * as m0009 from './0009-associations.ts';
import * as m0010 from './0010-order-usage-counters.ts';
import * as m0011 from './0011-events.ts';
import * as m0012 from './0012-webhooks.ts';
import * as m0013 from './0013-webhook-pruned-events.ts';
import * as m0014 from './0014-console-sessions.ts';
import * as m0015 from './0015-overview.ts';
import * as m0016 from './0016-usage-statement-triggers.ts';
import * as m0018 from './0018-released-numbers.ts';
import * as m0019 from './0019-voice-connector-settings.ts';
import * as m0020 from './0020-global-settings.ts';
import * as m0021 from './0021-voice-profile-domains.ts';
import * as m0022 from './0022-emergency-calling-and-application-logging.ts';
import * as m0023 from './0023-voice-connector-proxy.ts';
import * as m0024 from './0024-proxy-sessions.ts';
import * as m0025 from './0025-sip-media-application-calls.ts';
import * as m0026 from './0026-external-systems-configuration.ts';
import * as m0027 from './0027-voice-analytics.ts';
import * as m0028 from './0028-voice-analytics-retention.ts';
import * as m0029 from './0029-order-numbers-usage-lookups.ts';

export const postgresMigrations: Record<string, Migration> = {
  '0001-orders': m0001,
  '0002-fulfilment': m0002,
  '0003-inventory-lifecycle': m0003,
  '0004-access': m0004,
  '0005-usage-counters': m0005,
  '0006-number-names': m0006,
  '0007-voice-connectors': m0007,
  '0008-order-invocations': m0008,
  '0009-associations': m0009,
  '0010-order-usage-counters': m0010,
  '0011-events': m0011,
  '0012-webhooks': m0012,
  '0013-webhook-pruned-events': m0013,
  '0014-console-sessions': m0014,
  '0015-overview': m0015,
  '0016-usage-statement-triggers': m0016,
  '0018-released-numbers': m0018,
  '0019-voice-connector-settings': m0019,
  '0020-global-settings': m0020,
  '0021-voice-profile-domains': m0021,
  '0022-emergency-calling-and-application-logging': m0022,
  '0023-voice-connector-proxy': m0023,
  '0024-proxy-sessions': m0024,
  '0025-sip-media-application-calls': m0025,
  '0026-external-systems-configuration': m0026,
  '0027-voice-analytics': m0027,
  '0028-voice-analytics-retention': m0028,
  '0029-order-numbers-usage-lookups': m0029,
};
