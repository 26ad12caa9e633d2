/**
 * Who may call, and how much: configuration-file and command-line accounts and keys (secrets decrypted with the
 * master key) behind a short-lived cache so that SigV4 on every request costs no database read; the per-account token
 * buckets; and the account quotas that the order service asks for.
 */
import { cachedCredentialStore } from '../auth/credential-cache.ts';
import { Throttle } from '../auth/throttle.ts';
import type { Config } from '../config/config.ts';
import type { AccessRepository } from '../domain/ports/access.ts';
import type { Clock } from '../domain/shared/clock.ts';
import type { IdSource } from '../domain/shared/ids.ts';
import type { Logger } from '../observability/logger.ts';
import { AccessDirectory } from '../tenancy/access-directory.ts';
import { accountQuotas } from '../tenancy/account-quotas.ts';
import { SecretBox, loadMasterKey } from '../tenancy/secret-box.ts';

export function accessControl(config: Config, access: AccessRepository, realClock: Clock, ids: IdSource, logger: Logger) {
  const box = new SecretBox(() => loadMasterKey({ envKey: config.masterKey, dataDir: config.dataDir, random: (n) => ids.bytes(n) }), (n) => ids.bytes(n));
  const now = () => realClock.now().getTime();
  const directory = new AccessDirectory({
    config,
    access,
    box,
    now,
    cacheTtlMs: config.access.cacheTtlMs,
    warn: (message) => logger.warn(message),
  });
  const credentials = cachedCredentialStore({ source: (id) => directory.lookup(id), ttlMs: config.access.cacheTtlMs, now });
  // With --workers N each process throttles an account at 1/N of its limits (docs/configuration.md, Throttling).
  const throttle = config.throttling.enabled ? new Throttle({ now, shares: config.http.workers }) : undefined;
  return { directory, credentials, throttle, quotas: accountQuotas(config, directory), box };
}

export type AccessControl = ReturnType<typeof accessControl>;
