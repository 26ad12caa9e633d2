/**
 * A built-in module of Node.js required at its first use rather than imported: the bundle requires every module it
 * imports at its top (scripts/build.mjs), so each one is loaded by every start, and some cost milliseconds of CPU and
 * heap for what only a few commands or requests need (node:cluster for `--workers`, node:https for an https webhook
 * target, node:zlib for the numbering plan's sources: docs/performance.md, "Start-up and idle memory" and the
 * forty-second round; test/e2e/start-modules.test.ts). Node caches what it requires: a later call answers the same
 * module at once.
 * @example const https = builtinOnDemand<typeof Https>('node:https');
 */
import { createRequire } from 'node:module';

const requireBuiltin = createRequire(import.meta.url);

export function builtinOnDemand<T>(id: `node:${string}`): T {
  return requireBuiltin(id) as T;
}
