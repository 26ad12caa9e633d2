/**
 * An account with something of everything, built through the API of a real server: orders in every status (one still
 * `Processing` on a carrier that never answers), owned numbers in every status a number keeps (`Unassigned`,
 * `Assigned` on a voice connector, a group and a SIP rule, `DeleteInProgress` in the deletion queue, `AcquireFailed`,
 * `AcquireInProgress`, and one released), calling names done and propagating, names, the account's calling name,
 * two voice connectors (one renamed, with tags), a group of both, a SIP media application and two SIP rules (one
 * disabled), two open proxy sessions on the trunk's numbers (one with every option, one updated), voice analytics on
 * the trunk (a voice profile enrolled from a speaker search, a later search that finds it, one stopped, a voice tone
 * analysis running and one stopped); and a second account with an order and a connector of its own. For the
 * export/import round trips.
 */
import assert from 'node:assert/strict';
import { CreatePhoneNumberOrderCommand as ChimeCreateOrder, UpdatePhoneNumberSettingsCommand } from '@aws-sdk/client-chime';
import {
  AssociatePhoneNumbersWithVoiceConnectorCommand,
  AssociatePhoneNumbersWithVoiceConnectorGroupCommand,
  CreatePhoneNumberOrderCommand,
  CreateProxySessionCommand,
  CreateSipMediaApplicationCommand,
  CreateSipRuleCommand,
  CreateVoiceConnectorCommand,
  CreateVoiceConnectorGroupCommand,
  CreateVoiceProfileCommand,
  CreateVoiceProfileDomainCommand,
  DeletePhoneNumberCommand,
  GetPhoneNumberCommand,
  GetSpeakerSearchTaskCommand,
  PutSipMediaApplicationLoggingConfigurationCommand,
  PutVoiceConnectorEmergencyCallingConfigurationCommand,
  PutVoiceConnectorLoggingConfigurationCommand,
  PutVoiceConnectorOriginationCommand,
  PutVoiceConnectorExternalSystemsConfigurationCommand,
  PutVoiceConnectorProxyCommand,
  PutVoiceConnectorStreamingConfigurationCommand,
  PutVoiceConnectorTerminationCommand,
  PutVoiceConnectorTerminationCredentialsCommand,
  StartSpeakerSearchTaskCommand,
  StartVoiceToneAnalysisTaskCommand,
  StopSpeakerSearchTaskCommand,
  StopVoiceToneAnalysisTaskCommand,
  TagResourceCommand,
  UpdateGlobalSettingsCommand,
  UpdatePhoneNumberCommand,
  UpdateProxySessionCommand,
  UpdateSipRuleCommand,
  UpdateVoiceConnectorCommand,
  type ChimeSDKVoiceClient,
  type PhoneNumberProductType,
} from '@aws-sdk/client-chime-sdk-voice';
import { waitForTerminal } from './orders.ts';
import { advanceClock, eventually, numberRange } from './phone-numbers.ts';
import { ALICE, BOB, chimeClient, FROZEN_CARRIER, startTestServer, type TestServer } from './server.ts';
import { voiceClient, waitForVoiceOrder } from './voice.ts';

/** The accounts (with limits that fit the fixture), the test clock, and calling names that propagate in an hour. */
export function fixtureConfig(carrier: Record<string, unknown>): Record<string, unknown> {
  const account = (a: typeof ALICE) => ({
    accountId: a.accountId,
    credentials: [{ accessKeyId: a.accessKeyId, secretAccessKey: a.secretAccessKey }],
  });
  return {
    accounts: [account(ALICE), account(BOB)],
    carrier,
    testing: { clockControl: true },
    // The round trip reads every list page and every get at once: at full speed that is beyond the default 100 reads/s.
    throttling: { enabled: false },
    phoneNumbers: { callingNamePropagationMs: 3_600_000, sweepIntervalMs: 50 },
    fulfilment: { idleMs: 20 },
  };
}

/** Numbers the carrier refuses (a Partial and a Failed order). */
const [FAILS_IN_PARTIAL, FAILS_ALONE] = ['+12065550131', '+12065550140'];
export const FAST_CARRIER = { latencyMs: 0, failNumbers: [FAILS_IN_PARTIAL, FAILS_ALONE] };

export interface RichAccount {
  /** The server on the fixture's database, running with a carrier that never answers. Close it. */
  server: TestServer;
  /** Every number Alice ever ordered (including the released one and those that failed). */
  numbers: string[];
  /** The order still `Processing`. */
  processingOrderId: string;
  /** Alice's voice analytics tasks, as `<voice connector id>/<task id>`: no listing shows them. */
  speakerSearchTasks: string[];
  voiceToneAnalysisTasks: string[];
  /** What of Bob's must not travel with Alice's export. */
  bob: { orderId: string; number: string; voiceConnectorId: string };
}

/**
 * Builds the fixture on a new server (`options` as for startTestServer: a data directory, or `DATABASE_URL` in `env`);
 * answers the server still running on it, on a carrier that never answers, with Alice's last order `Processing`.
 */
export async function buildRichAccount(options: { dataDir?: string; env?: Record<string, string> } = {}): Promise<RichAccount> {
  let server = await startTestServer({ ...options, config: fixtureConfig(FAST_CARRIER) });
  const chime = chimeClient(server, ALICE);
  const voice = voiceClient(server, ALICE, { prefix: '/chime-sdk-voice' });
  const bobVoice = voiceClient(server, BOB, { prefix: '/chime-sdk-voice' });
  try {
    const order = async (client: ChimeSDKVoiceClient, productType: PhoneNumberProductType, numbers: string[], name?: string) => {
      const created = await client.send(new CreatePhoneNumberOrderCommand({ ProductType: productType, E164PhoneNumbers: numbers, ...(name && { Name: name }) }));
      return waitForVoiceOrder(client, created.PhoneNumberOrder!.PhoneNumberOrderId!);
    };
    const connectorNumbers = numberRange('+12065550100', 6);
    const [n100, n101, n102, n103, n104, n105] = connectorNumbers as [string, string, string, string, string, string];
    const [s110, s111] = numberRange('+12065550110', 2) as [string, string];
    const business = numberRange('+12065550120', 2);
    const partial = ['+12065550130', FAILS_IN_PARTIAL];
    assert.equal((await order(voice, 'VoiceConnector', connectorNumbers, 'trunk lines')).Status, 'Successful');
    assert.equal((await order(voice, 'SipMediaApplicationDialIn', [s110, s111])).Status, 'Successful');
    const businessOrder = await chime.send(new ChimeCreateOrder({ ProductType: 'BusinessCalling', E164PhoneNumbers: business }));
    assert.equal((await waitForTerminal(chime, businessOrder.PhoneNumberOrder!.PhoneNumberOrderId!)).Status, 'Successful');
    assert.equal((await order(voice, 'VoiceConnector', partial)).Status, 'Partial');
    assert.equal((await order(voice, 'VoiceConnector', [FAILS_ALONE])).Status, 'Failed');
    const bobOrder = await order(bobVoice, 'VoiceConnector', ['+12065550190']);
    const bobConnector = await bobVoice.send(new CreateVoiceConnectorCommand({ Name: 'bob trunk', RequireEncryption: false }));

    // Calling names, the account's calling name, a name; one number deleted and released after the deletion queue.
    await voice.send(new UpdatePhoneNumberCommand({ PhoneNumberId: n102, CallingName: 'FRONT DESK' }));
    await chime.send(new UpdatePhoneNumberSettingsCommand({ CallingName: 'DIALTONE' }));
    await voice.send(new UpdateGlobalSettingsCommand({ VoiceConnector: { CdrBucket: 'dialtone-cdrs' } }));
    await voice.send(new DeletePhoneNumberCommand({ PhoneNumberId: n103 }));
    await advanceClock(server, { advanceDays: 8 });
    await eventually(async () => {
      const status = await voice.send(new GetPhoneNumberCommand({ PhoneNumberId: n102 })).then((r) => r.PhoneNumber!.CallingNameStatus);
      assert.equal(status, 'UpdateSucceeded');
      await assert.rejects(voice.send(new GetPhoneNumberCommand({ PhoneNumberId: n103 })), /No phone number/);
    });
    await voice.send(new UpdatePhoneNumberCommand({ PhoneNumberId: n104, CallingName: 'SUPPORT' }));
    await voice.send(new UpdatePhoneNumberCommand({ PhoneNumberId: n101, Name: 'reception' }));
    await voice.send(new DeletePhoneNumberCommand({ PhoneNumberId: n105 }));

    // Voice connectors, a group, a SIP media application and rules, and the numbers on them.
    const trunk = await voice.send(
      new CreateVoiceConnectorCommand({ Name: 'trunk', RequireEncryption: true, AwsRegion: 'us-west-2', Tags: [{ Key: 'team', Value: 'voice' }] }),
    );
    const spare = await voice.send(new CreateVoiceConnectorCommand({ Name: 'spare', RequireEncryption: false }));
    const trunkId = trunk.VoiceConnector!.VoiceConnectorId!;
    const spareId = spare.VoiceConnector!.VoiceConnectorId!;
    await voice.send(new UpdateVoiceConnectorCommand({ VoiceConnectorId: trunkId, Name: 'main trunk', RequireEncryption: true }));
    // Its SIP trunk settings and one more tag.
    await voice.send(
      new PutVoiceConnectorOriginationCommand({ VoiceConnectorId: trunkId, Origination: { Routes: [{ Host: 'pbx.example.com', Port: 5061, Priority: 1, Weight: 5 }] } }),
    );
    await voice.send(
      new PutVoiceConnectorTerminationCommand({
        VoiceConnectorId: trunkId,
        Termination: { CallingRegions: ['US', 'CA'], CidrAllowedList: ['203.0.113.0/24'], CpsLimit: 4, DefaultPhoneNumber: n100 },
      }),
    );
    await voice.send(new PutVoiceConnectorTerminationCredentialsCommand({ VoiceConnectorId: trunkId, Credentials: [{ Username: 'pbx', Password: 'rich-Secret-1' }] }));
    await voice.send(new PutVoiceConnectorLoggingConfigurationCommand({ VoiceConnectorId: trunkId, LoggingConfiguration: { EnableSIPLogs: true } }));
    await voice.send(
      new PutVoiceConnectorStreamingConfigurationCommand({
        VoiceConnectorId: trunkId,
        // With media insights on: voice analytics on (below).
        StreamingConfiguration: {
          DataRetentionInHours: 12,
          Disabled: false,
          StreamingNotificationTargets: [{ NotificationTarget: 'EventBridge' }],
          MediaInsightsConfiguration: { Disabled: false, ConfigurationArn: `arn:aws:chime:us-west-2:${ALICE.accountId}:media-insights-pipeline-configuration/rich` },
        },
      }),
    );
    await voice.send(new TagResourceCommand({ ResourceARN: trunk.VoiceConnector!.VoiceConnectorArn!, Tags: [{ Key: 'cost-center', Value: '42' }] }));
    await voice.send(
      new PutVoiceConnectorEmergencyCallingConfigurationCommand({
        VoiceConnectorId: trunkId,
        EmergencyCallingConfiguration: { DNIS: [{ EmergencyPhoneNumber: '+12065550911', TestPhoneNumber: '+12065550912', CallingCountry: 'US' }] },
      }),
    );
    await voice.send(new PutVoiceConnectorProxyCommand({ VoiceConnectorId: trunkId, DefaultSessionExpiryMinutes: 90, PhoneNumberPoolCountries: ['US'], FallBackPhoneNumber: n100 }));
    await voice.send(new PutVoiceConnectorExternalSystemsConfigurationCommand({ VoiceConnectorId: trunkId, ContactCenterSystemTypes: ['AVAYA_AURA_CALL_CENTER_ELITE'] }));
    // A voice profile domain, made by a create with a token (its retry must find it after an import too), tagged.
    const domain = await voice.send(
      new CreateVoiceProfileDomainCommand({
        Name: 'callers',
        Description: 'enrolled callers',
        ServerSideEncryptionConfiguration: { KmsKeyArn: `arn:aws:kms:us-east-1:${ALICE.accountId}:key/5f0c7d1e-1111-4222-8333-944444444444` },
        ClientRequestToken: 'rich-domain-1',
        Tags: [{ Key: 'purpose', Value: 'speaker-search' }],
      }),
    );
    const group = await voice.send(
      new CreateVoiceConnectorGroupCommand({
        Name: 'both',
        VoiceConnectorItems: [
          { VoiceConnectorId: spareId, Priority: 2 },
          { VoiceConnectorId: trunkId, Priority: 1 },
        ],
      }),
    );
    await voice.send(new AssociatePhoneNumbersWithVoiceConnectorCommand({ VoiceConnectorId: trunkId, E164PhoneNumbers: [n100, n101] }));
    // Proxy sessions on the trunk (its proxy configuration above; its numbers the pool). Both stay open through the
    // round trip: a session's status is read from the clock, and the test clock's offset does not travel.
    await voice.send(
      new CreateProxySessionCommand({
        VoiceConnectorId: trunkId,
        ParticipantPhoneNumbers: ['+14155550101', '+14155550102'],
        Name: 'delivery',
        Capabilities: ['Voice', 'SMS'],
        ExpiryMinutes: 120,
        NumberSelectionBehavior: 'AvoidSticky',
        GeoMatchLevel: 'AreaCode',
        GeoMatchParams: { Country: 'US', AreaCode: '206' },
      }),
    );
    const session = await voice.send(
      new CreateProxySessionCommand({ VoiceConnectorId: trunkId, ParticipantPhoneNumbers: ['+14155550101', '+14155550103'], Capabilities: ['Voice'] }),
    );
    await voice.send(
      new UpdateProxySessionCommand({ VoiceConnectorId: trunkId, ProxySessionId: session.ProxySession!.ProxySessionId!, Capabilities: ['SMS'], ExpiryMinutes: 100 }),
    );
    // Voice analytics on the trunk. A search succeeds 10 s after its start (the test clock moves a minute) and enrols a
    // profile; a later search of the same leg finds it. Another search and a voice tone analysis are stopped, one
    // analysis runs on: a running search would change status during the round trip, a running analysis does not.
    const domainId = domain.VoiceProfileDomain!.VoiceProfileDomainId!;
    const search = async (TransactionId: string, CallLeg: 'Caller' | 'Callee', ClientRequestToken?: string): Promise<string> => {
      const started = await voice.send(
        new StartSpeakerSearchTaskCommand({ VoiceConnectorId: trunkId, TransactionId, CallLeg, VoiceProfileDomainId: domainId, ...(ClientRequestToken && { ClientRequestToken }) }),
      );
      return started.SpeakerSearchTask!.SpeakerSearchTaskId!;
    };
    const analysis = async (TransactionId: string, ClientRequestToken?: string): Promise<string> => {
      const started = await voice.send(
        new StartVoiceToneAnalysisTaskCommand({ VoiceConnectorId: trunkId, TransactionId, LanguageCode: 'en-US', ...(ClientRequestToken && { ClientRequestToken }) }),
      );
      return started.VoiceToneAnalysisTask!.VoiceToneAnalysisTaskId!;
    };
    const enrolling = await search('rich-call-1', 'Caller', 'rich-search-1');
    await advanceClock(server, { advanceMinutes: 1 });
    const profile = await voice.send(new CreateVoiceProfileCommand({ SpeakerSearchTaskId: enrolling }));
    const finding = await search('rich-call-1', 'Caller');
    const stoppedSearch = await search('rich-call-2', 'Callee');
    await voice.send(new StopSpeakerSearchTaskCommand({ VoiceConnectorId: trunkId, SpeakerSearchTaskId: stoppedSearch }));
    const running = await analysis('rich-call-1', 'rich-tone-1');
    const stoppedAnalysis = await analysis('rich-call-2');
    await voice.send(new StopVoiceToneAnalysisTaskCommand({ VoiceConnectorId: trunkId, VoiceToneAnalysisTaskId: stoppedAnalysis }));
    await advanceClock(server, { advanceMinutes: 1 });
    const found = await voice.send(new GetSpeakerSearchTaskCommand({ VoiceConnectorId: trunkId, SpeakerSearchTaskId: finding }));
    assert.deepEqual(found.SpeakerSearchTask!.SpeakerSearchDetails?.Results, [{ VoiceProfileId: profile.VoiceProfile!.VoiceProfileId!, ConfidenceScore: 1 }]);
    const onTrunk = (ids: string[]) => ids.map((id) => `${trunkId}/${id}`);
    const speakerSearchTasks = onTrunk([enrolling, finding, stoppedSearch]);
    const voiceToneAnalysisTasks = onTrunk([running, stoppedAnalysis]);
    await voice.send(
      new AssociatePhoneNumbersWithVoiceConnectorGroupCommand({
        VoiceConnectorGroupId: group.VoiceConnectorGroup!.VoiceConnectorGroupId!,
        E164PhoneNumbers: ['+12065550130'],
      }),
    );
    const application = await voice.send(
      new CreateSipMediaApplicationCommand({
        AwsRegion: 'us-east-1',
        Name: 'front-desk',
        Endpoints: [{ LambdaArn: `arn:aws:lambda:us-east-1:${ALICE.accountId}:function:front-desk` }],
        Tags: [{ Key: 'env', Value: 'test' }],
      }),
    );
    await voice.send(
      new PutSipMediaApplicationLoggingConfigurationCommand({
        SipMediaApplicationId: application.SipMediaApplication!.SipMediaApplicationId!,
        SipMediaApplicationLoggingConfiguration: { EnableSipMediaApplicationMessageLogs: true },
      }),
    );
    const target = [{ SipMediaApplicationId: application.SipMediaApplication!.SipMediaApplicationId!, Priority: 1, AwsRegion: 'us-east-1' }];
    await voice.send(new CreateSipRuleCommand({ Name: 'front-desk-line', TriggerType: 'ToPhoneNumber', TriggerValue: s110, TargetApplications: target }));
    const byHost = await voice.send(
      new CreateSipRuleCommand({
        Name: 'spare-host',
        TriggerType: 'RequestUriHostname',
        TriggerValue: spare.VoiceConnector!.OutboundHostName!,
        TargetApplications: target,
      }),
    );
    await voice.send(new UpdateSipRuleCommand({ SipRuleId: byHost.SipRule!.SipRuleId!, Name: 'spare-host', Disabled: true }));

    // Last, an order that stays Processing: on a carrier that never answers, its numbers reserved (AcquireInProgress).
    chime.destroy();
    voice.destroy();
    bobVoice.destroy();
    await server.close();
    server = await startTestServer({ ...options, dataDir: server.dataDir, config: fixtureConfig(FROZEN_CARRIER.carrier) });
    const slow = voiceClient(server, ALICE, { prefix: '/chime-sdk-voice' });
    const processing = numberRange('+12065550150', 2);
    try {
      const created = await slow.send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: processing, Name: 'pending' }));
      await eventually(async () => {
        for (const e164 of processing) {
          const status = await slow.send(new GetPhoneNumberCommand({ PhoneNumberId: e164 })).then((r) => r.PhoneNumber!.Status);
          assert.equal(status, 'AcquireInProgress');
        }
      }, 15_000);
      return {
        server,
        numbers: [...connectorNumbers, s110, s111, ...business, ...partial, FAILS_ALONE, ...processing],
        processingOrderId: created.PhoneNumberOrder!.PhoneNumberOrderId!,
        speakerSearchTasks,
        voiceToneAnalysisTasks,
        bob: { orderId: bobOrder.PhoneNumberOrderId!, number: '+12065550190', voiceConnectorId: bobConnector.VoiceConnector!.VoiceConnectorId! },
      };
    } finally {
      slow.destroy();
    }
  } catch (error) {
    await server.close().catch(() => undefined);
    throw error;
  } finally {
    chime.destroy();
    voice.destroy();
    bobVoice.destroy();
  }
}
