/**
 * The export → import round trip through the real `dialtone export` and `dialtone import` processes, on SQLite or
 * PostgreSQL: a rich account (support/rich-account.ts) is exported while its server serves, imported into another
 * database while a server serves that one, and every list and get of both APIs must answer alike there; the other
 * account must not travel; the order still `Processing` must then be fulfilled.
 *
 * The target is a fresh database, or the source itself with a wipe as `beforeImport` ("export, reset, import"): then
 * the other account stays as it was instead of being absent. The test clock's offset does not travel: the target's is
 * moved to the source's before it is read, so that what is read from the clock (a proxy session's or a voice
 * analytics task's status) answers as it did on the source.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetPhoneNumberOrderCommand } from '@aws-sdk/client-chime';
import { assertSameState, emptyIds, readApiState, type ApiState } from './api-state.ts';
import { runCli } from './cli.ts';
import { waitForTerminal } from './orders.ts';
import { advanceClock } from './phone-numbers.ts';
import { buildRichAccount, FAST_CARRIER, fixtureConfig, type RichAccount } from './rich-account.ts';
import { ALICE, BOB, chimeClient, FROZEN_CARRIER, startTestServer } from './server.ts';
import { call } from './test-controls.ts';

/** Where one side's state lives: a data directory (SQLite, and the configuration file), plus `DATABASE_URL` when PostgreSQL. */
export interface Side {
  dataDir: string;
  env: Record<string, string>;
}

export interface RoundTrip {
  fixture: Omit<RichAccount, 'server'>;
  /** The export file. */
  file: string;
  /** Alice's state as the source answered it. */
  source: ApiState;
}

/** The command-line environment of a side: its data directory and database, and the configuration its server read. */
export function cliArgs(side: Side): { args: string[]; env: Record<string, string> } {
  return { args: ['--data-dir', side.dataDir, '--config', join(side.dataDir, 'config.json')], env: side.env };
}

export async function exportImportRoundTrip(source: Side, target: Side, options: { beforeImport?: () => Promise<void> } = {}): Promise<RoundTrip> {
  const built = await buildRichAccount({ dataDir: source.dataDir, env: source.env });
  const { server: sourceServer, ...fixture } = built;
  const file = join(source.dataDir, 'alice-export.json');
  let sourceState: ApiState;
  const sameDatabase = source.dataDir === target.dataDir && source.env.DATABASE_URL === target.env.DATABASE_URL;
  let bobBefore: ApiState | undefined;
  let sourceOffsetMs: number;
  try {
    sourceOffsetMs = await clockOffset(sourceServer.url);
    const known = { ...emptyIds(), numbers: fixture.numbers, speakerSearchTasks: fixture.speakerSearchTasks, voiceToneAnalysisTasks: fixture.voiceToneAnalysisTasks };
    sourceState = await readApiState(sourceServer.url, ALICE, known);
    if (sameDatabase) bobBefore = await readApiState(sourceServer.url, BOB);
    // While the source server serves (its worker holding the Processing order's job on a carrier that never answers).
    const cli = cliArgs(source);
    const exported = await runCli(['export', ...cli.args, '--account', ALICE.accountId, '--output', file], cli.env);
    assert.equal(exported.code, 0, exported.stderr);
    assert.match(exported.stderr, new RegExp(`exported account ${ALICE.accountId} to ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assertSameState(await readApiState(sourceServer.url, ALICE, sourceState.ids), sourceState, 'the source after the export');
  } finally {
    await sourceServer.close();
  }
  const text = readFileSync(file, 'utf8');
  const document = JSON.parse(text) as { format: string; version: number; accountId: string };
  assert.deepEqual([document.format, document.version, document.accountId], ['dialtone-export', 1, ALICE.accountId]);
  for (const bobs of [fixture.bob.orderId, fixture.bob.number, fixture.bob.voiceConnectorId, BOB.accountId]) {
    assert.ok(!text.includes(bobs), `the export holds nothing of the other account (${bobs})`);
  }

  await options.beforeImport?.();
  // The target serves while the import runs, on a carrier that never answers: the Processing order stays so.
  let targetServer = await startTestServer({ dataDir: target.dataDir, env: target.env, config: fixtureConfig(FROZEN_CARRIER.carrier) });
  try {
    const behindMs = sourceOffsetMs - (await clockOffset(targetServer.url));
    if (behindMs > 0) await advanceClock(targetServer, { advanceMinutes: behindMs / 60_000 });
    const cli = cliArgs(target);
    const imported = await runCli(['import', ...cli.args, file], cli.env);
    assert.equal(imported.code, 0, imported.stderr);
    assert.equal(imported.stderr, '', 'a fixture imports without telling its progress');
    assert.match(imported.stdout, new RegExp(`imported account ${ALICE.accountId}: 6 orders \\(1 Processing, to be fulfilled\\)`));
    assert.match(imported.stdout, /, 1 voice profile domains, 2 proxy sessions, 1 voice profiles, 5 voice analytics tasks, /);
    const targetState = await readApiState(targetServer.url, ALICE, sourceState.ids);
    assertSameState(targetState, sourceState, 'the target after the import');
    const bob = await readApiState(targetServer.url, BOB, bobBefore?.ids);
    if (bobBefore) assertSameState(bob, bobBefore, 'the other account, untouched by the reset and the import');
    else assert.deepEqual(bob.ids, emptyIds(), 'nothing of the other account was imported');

    // A carrier that answers: the order that was Processing at the export is fulfilled on the target.
    await targetServer.close();
    targetServer = await startTestServer({ dataDir: target.dataDir, env: target.env, config: fixtureConfig({ ...FAST_CARRIER, latencyMs: 0 }) });
    const chime = chimeClient(targetServer, ALICE);
    try {
      const done = await waitForTerminal(chime, fixture.processingOrderId, 30_000);
      assert.equal(done.Status, 'Successful');
      const again = await chime.send(new GetPhoneNumberOrderCommand({ PhoneNumberOrderId: fixture.processingOrderId }));
      assert.deepEqual(
        again.PhoneNumberOrder!.OrderedPhoneNumbers!.map((n) => n.Status),
        ['Acquired', 'Acquired'],
      );
    } finally {
      chime.destroy();
    }
  } finally {
    await targetServer.close();
  }
  return { fixture, file, source: sourceState };
}

/** How far the server's test clock was moved forward. */
async function clockOffset(url: string): Promise<number> {
  return (await call(`${url}/_dialtone/clock`)).body.offsetMs as number;
}
