/**
 * `dialtone export` / `dialtone import` on PostgreSQL (`DATABASE_URL`), through the real processes: the round trip of
 * support/export-import.ts between two databases of one embedded PostgreSQL — the export read in one REPEATABLE READ
 * snapshot while the source's server serves, the import written in one transaction while the target's server serves.
 */
import { after, describe, it } from 'node:test';
import { rmSync } from 'node:fs';
import { exportImportRoundTrip } from '../support/export-import.ts';
import { freshDatabase, stopPostgres } from '../support/postgres.ts';
import { freshDataDir } from '../support/server.ts';

after(stopPostgres);

describe('dialtone export and import on PostgreSQL', () => {
  const dirs: string[] = [];
  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('exports a rich account while its server serves; imported into a fresh database, every list and get answers alike', async () => {
    const [source, target] = [freshDataDir(), freshDataDir()];
    dirs.push(source, target);
    await exportImportRoundTrip(
      { dataDir: source, env: { DATABASE_URL: await freshDatabase('export_source') } },
      { dataDir: target, env: { DATABASE_URL: await freshDatabase('export_target') } },
    );
  });
});
