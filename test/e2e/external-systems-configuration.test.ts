/**
 * A voice connector's external systems configuration (chime-sdk-voice only): put, get and delete through the real JS
 * SDK v3 voice client, the refusals (a value twice, a value outside the enum, another account's connector), the
 * legacy `/chime` path (no such operation there), the event; and through boto3 of both ages where the model has the
 * operations (botocore 1.29's voice model predates them: the case says so and checks it).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CreateVoiceConnectorCommand,
  DeleteVoiceConnectorExternalSystemsConfigurationCommand,
  GetVoiceConnectorExternalSystemsConfigurationCommand,
  PutVoiceConnectorExternalSystemsConfigurationCommand,
  type ChimeSDKVoiceClient,
} from '@aws-sdk/client-chime-sdk-voice';
import { BOTO3_PRELUDE, BOTO3_SENT, boto3Unavailable, PYTHONS, runBoto3 } from '../support/boto3.ts';
import { sendRaw } from '../support/raw-request.ts';
import { ALICE, type TestServer } from '../support/server.ts';
import { sqliteEvents } from '../support/stored-events.ts';
import { assertVoiceError, enumRefusal, startAliceAndBob, type AliceAndBob } from '../support/voice.ts';

const CONTROLLERS = ['RIBBON_SBC', 'ORACLE_ACME_PACKET_SBC', 'AVAYA_SBCE', 'CISCO_UNIFIED_BORDER_ELEMENT', 'AUDIOCODES_MEDIANT_SBC'];

describe('external systems configuration of voice connectors', () => {
  let world: AliceAndBob;
  let server: TestServer;
  let alice: ChimeSDKVoiceClient;
  let home: string;
  const connector = async (name: string): Promise<string> =>
    (await alice.send(new CreateVoiceConnectorCommand({ Name: name, RequireEncryption: true }))).VoiceConnector!.VoiceConnectorId!;

  before(async () => {
    world = await startAliceAndBob();
    ({ server, alice } = world);
    home = mkdtempSync(join(tmpdir(), 'dialtone-boto3-external-home-'));
  });
  after(async () => {
    await world.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('puts a configuration (each list as given, or left out), gets it, records it, and deletes it (204)', async () => {
    const id = await connector('analysed');
    const get = async () => (await alice.send(new GetVoiceConnectorExternalSystemsConfigurationCommand({ VoiceConnectorId: id }))).ExternalSystemsConfiguration;
    assert.equal(await get(), undefined, 'none before a put');
    const seq = sqliteEvents(server.dataDir, ALICE.accountId).at(-1)?.seq ?? 0;
    const configuration = { SessionBorderControllerTypes: ['AVAYA_SBCE' as const, 'RIBBON_SBC' as const], ContactCenterSystemTypes: ['GENESYS_ENGAGE_ON_PREMISES' as const] };
    const put = await alice.send(new PutVoiceConnectorExternalSystemsConfigurationCommand({ VoiceConnectorId: id, ...configuration }));
    assert.deepEqual(put.ExternalSystemsConfiguration, configuration);
    assert.deepEqual(await get(), configuration);
    const [event] = sqliteEvents(server.dataDir, ALICE.accountId, seq);
    assert.equal(event?.type, 'Voice Connector Settings Changed');
    assert.deepEqual([event.detail.Setting, event.detail.ExternalSystemsConfiguration], ['ExternalSystemsConfiguration', configuration]);
    // A put replaces the whole configuration; a list left out stays out.
    const controllersOnly = await alice.send(new PutVoiceConnectorExternalSystemsConfigurationCommand({ VoiceConnectorId: id, SessionBorderControllerTypes: ['AUDIOCODES_MEDIANT_SBC'] }));
    assert.deepEqual(controllersOnly.ExternalSystemsConfiguration, { SessionBorderControllerTypes: ['AUDIOCODES_MEDIANT_SBC'] });
    const deleted = await alice.send(new DeleteVoiceConnectorExternalSystemsConfigurationCommand({ VoiceConnectorId: id }));
    assert.equal(deleted.$metadata.httpStatusCode, 204);
    assert.equal(await get(), undefined);
    // Deleting again is no error.
    await alice.send(new DeleteVoiceConnectorExternalSystemsConfigurationCommand({ VoiceConnectorId: id }));
  });

  it('refuses a value twice or outside the enum, another account\'s connector, and the legacy path', async () => {
    const id = await connector('refusals');
    const put = (body: Record<string, unknown>) => alice.send(new PutVoiceConnectorExternalSystemsConfigurationCommand({ VoiceConnectorId: id, ...body }));
    await assertVoiceError(put({ ContactCenterSystemTypes: ['AVAYA_AURA_CONTACT_CENTER', 'AVAYA_AURA_CONTACT_CENTER'] }), 'BadRequestException', 400, /ContactCenterSystemTypes lists AVAYA_AURA_CONTACT_CENTER more than once/);
    await assertVoiceError(put({ SessionBorderControllerTypes: ['KAMAILIO'] }), 'BadRequestException', 400, enumRefusal('KAMAILIO', 'SessionBorderControllerTypes.1.member', CONTROLLERS));
    await assertVoiceError(world.bob.send(new GetVoiceConnectorExternalSystemsConfigurationCommand({ VoiceConnectorId: id })), 'NotFoundException', 404);
    await assertVoiceError(
      alice.send(new PutVoiceConnectorExternalSystemsConfigurationCommand({ VoiceConnectorId: 'nosuchconnector0000000', SessionBorderControllerTypes: ['RIBBON_SBC'] })),
      'NotFoundException',
      404,
    );
    const legacy = await sendRaw(server.url, { method: 'GET', target: `/chime/voice-connectors/${id}/external-systems-configuration`, sign: ALICE });
    assert.equal(legacy.status, 404, legacy.body);
    assert.match(legacy.body, /UnknownOperationException/);
  });

  for (const PYTHON of PYTHONS) {
    it(`through boto3 (${PYTHON}) where its voice model has the operations`, { skip: boto3Unavailable(PYTHON) }, async () => {
      const out = await runBoto3<Record<string, Record<string, unknown>>>(
        { python: PYTHON, url: server.url, keys: { alice: ALICE }, home },
        `${BOTO3_PRELUDE}${BOTO3_SENT}
out = {}
v = client_at('chime-sdk-voice', '')
out['version'] = {'botocore': botocore.__version__, 'has': 'PutVoiceConnectorExternalSystemsConfiguration' in v.meta.service_model.operation_names}
if out['version']['has']:
    vc = v.create_voice_connector(Name='boto3', RequireEncryption=True)['VoiceConnector']['VoiceConnectorId']
    out['put'] = sent(v, 'put_voice_connector_external_systems_configuration', VoiceConnectorId=vc, ContactCenterSystemTypes=['CISCO_UNIFIED_CONTACT_CENTER_ENTERPRISE'])
    out['got'] = sent(v, 'get_voice_connector_external_systems_configuration', VoiceConnectorId=vc)
    out['deleted'] = sent(v, 'delete_voice_connector_external_systems_configuration', VoiceConnectorId=vc)
    out['twice'] = sent(v, 'put_voice_connector_external_systems_configuration', VoiceConnectorId=vc, SessionBorderControllerTypes=['RIBBON_SBC', 'RIBBON_SBC'])`,
      );
      const version = out.version as { botocore: string; has: boolean };
      if (!version.has) {
        assert.match(version.botocore, /^1\.29\./, 'only the old botocore lacks the operations');
        return;
      }
      const expected = { ExternalSystemsConfiguration: { ContactCenterSystemTypes: ['CISCO_UNIFIED_CONTACT_CENTER_ENTERPRISE'] } };
      assert.deepEqual([out.put?.ok, out.put?.status], [expected, 200]);
      assert.deepEqual(out.got?.ok, expected);
      assert.equal(out.deleted?.status, 204);
      assert.deepEqual((out.twice?.error as { code: string } | undefined)?.code, 'BadRequestException');
    });
  }
});
