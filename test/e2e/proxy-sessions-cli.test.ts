/**
 * Proxy sessions through the real AWS CLI: `aws chime-sdk-voice create-proxy-session`, `get-proxy-session`,
 * `list-proxy-sessions`, `update-proxy-session` and `delete-proxy-session`, with CLI v2 (Debian's 2.9.19) and CLI v1
 * where installed. CLI v2 names the command in its User-Agent, so chime-sdk-voice answers it; CLI v1 names nothing
 * and, without an endpoint prefix, gets the union of the two APIs. Every call runs with `--debug`, whose log of the
 * response headers shows the `x-dialtone-api` that answered. The connector, its numbers and its proxy configuration
 * are set up with the JS SDK: each CLI call costs a second or two of Python start-up.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AssociatePhoneNumbersWithVoiceConnectorCommand,
  CreateVoiceConnectorCommand,
  PutVoiceConnectorProxyCommand,
} from '@aws-sdk/client-chime-sdk-voice';
import { numberRange } from '../support/phone-numbers.ts';
import { FAST_SERVER, findCli, inBatches, runJsonCli, type CliAnswer } from '../support/aws-cli.ts';
import { orderVoiceNumbers, voiceSuiteServer } from '../support/voice.ts';

type Session = {
  VoiceConnectorId: string;
  ProxySessionId: string;
  Name?: string;
  Status: string;
  ExpiryMinutes: number;
  Capabilities: string[];
  CreatedTimestamp: string;
  UpdatedTimestamp: string;
  Participants: { PhoneNumber: string; ProxyPhoneNumber: string }[];
};

const FIRST = '+12065550100';
const SECOND = '+12065550101';
const UNKNOWN_CONNECTOR = 'abcdef1ghij2klmno3pqr4';
function cliSuite(label: 'v1' | 'v2', bin: string | undefined, options: { required: boolean }): void {
  const skip = bin === undefined && !options.required ? `AWS CLI ${label} not installed` : false;
  // CLI v2 exits 254 on a service error, CLI v1 255; CLI v2 reformats timestamps (`+00:00`), CLI v1 prints them as sent.
  const failure = label === 'v2' ? 254 : 255;
  const timestamp = label === 'v2' ? /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/ : /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
  const answering = label === 'v2' ? 'chime-sdk-voice' : 'both';

  describe(`the AWS CLI ${label} proxy sessions against a listening server`, { skip, concurrency: 1 }, () => {
    let connector: string;
    const numbers = numberRange('+12065550700', 2) as [string, string];

    before(() => assert.ok(bin, `AWS CLI ${label} not found, and CI is set: CI must install it (Debian package awscli)`));
    const suite = voiceSuiteServer({
      home: 'dialtone-aws-proxy-home-',
      config: FAST_SERVER,
      prepare: async (sdk) => {
        const created = await sdk.send(new CreateVoiceConnectorCommand({ Name: `proxied-${label}`, RequireEncryption: true }));
        connector = created.VoiceConnector!.VoiceConnectorId!;
        await orderVoiceNumbers(sdk, 'VoiceConnector', numbers);
        const associated = await sdk.send(new AssociatePhoneNumbersWithVoiceConnectorCommand({ VoiceConnectorId: connector, E164PhoneNumbers: numbers }));
        assert.deepEqual(associated.PhoneNumberErrors ?? [], []);
        await sdk.send(new PutVoiceConnectorProxyCommand({ VoiceConnectorId: connector, DefaultSessionExpiryMinutes: 30, PhoneNumberPoolCountries: ['US'] }));
      },
    });

    /** `aws chime-sdk-voice <args> --endpoint-url <server> --output json --debug`. */
    async function aws(args: string[]): Promise<CliAnswer> {
      assert.ok(bin, `AWS CLI ${label} not found (CI must install it: apt-get install awscli)`);
      const argv = ['chime-sdk-voice', ...args, '--endpoint-url', suite.server.url, '--output', 'json', '--debug'];
      return runJsonCli(bin, argv, suite.home);
    }
    const voice = (args: string[]) => () => aws(args);

    const session = (a: CliAnswer | undefined): Session => {
      assert.equal(a?.code, 0, a?.error);
      assert.ok(a.json.ProxySession, JSON.stringify(a.json));
      return a.json.ProxySession as Session;
    };
    /** The command failed with the CLI's exit code for a service error and this error line. */
    const failed = (a: CliAnswer | undefined, exception: string, operation: string, message: RegExp): void => {
      assert.equal(a?.code, failure, `expected ${operation} to fail; it printed ${JSON.stringify(a?.json)}`);
      assert.ok(a.error!.startsWith(`An error occurred (${exception}) when calling the ${operation} operation: `), a.error);
      assert.match(a.error!, message);
    };

    it('create-proxy-session, get-proxy-session, list-proxy-sessions --status Open, update-proxy-session and delete-proxy-session', async () => {
      const [p1] = numbers;
      const created = await aws(['create-proxy-session', '--voice-connector-id', connector, '--participant-phone-numbers', FIRST, SECOND, '--capabilities', 'Voice', 'SMS', '--name', `ride ${label}`]);
      const s = session(created);
      assert.deepEqual([s.VoiceConnectorId, s.Name, s.Status, s.Capabilities, s.ExpiryMinutes], [connector, `ride ${label}`, 'Open', ['Voice', 'SMS'], 30]);
      assert.deepEqual(s.Participants, [{ PhoneNumber: FIRST, ProxyPhoneNumber: p1 }, { PhoneNumber: SECOND, ProxyPhoneNumber: p1 }]);
      assert.match(s.CreatedTimestamp, timestamp);
      assert.equal(s.UpdatedTimestamp, s.CreatedTimestamp);
      const id = s.ProxySessionId;

      const [got, open, closed] = await inBatches([
        voice(['get-proxy-session', '--voice-connector-id', connector, '--proxy-session-id', id]),
        voice(['list-proxy-sessions', '--voice-connector-id', connector, '--status', 'Open']),
        voice(['list-proxy-sessions', '--voice-connector-id', connector, '--status', 'Closed']),
      ]);
      assert.deepEqual(session(got), s);
      assert.equal(open?.code, 0, open?.error);
      assert.deepEqual(open.json, { ProxySessions: [s] });
      assert.equal(closed?.code, 0, closed?.error);
      assert.deepEqual(closed.json, { ProxySessions: [] });

      const updated = await aws(['update-proxy-session', '--voice-connector-id', connector, '--proxy-session-id', id, '--capabilities', 'SMS', '--expiry-minutes', '120']);
      const u = session(updated);
      assert.deepEqual([u.ProxySessionId, u.Status, u.Capabilities, u.ExpiryMinutes], [id, 'Open', ['SMS'], 120]);
      assert.deepEqual([u.Participants, u.CreatedTimestamp], [s.Participants, s.CreatedTimestamp]);
      assert.ok(Date.parse(u.UpdatedTimestamp) >= Date.parse(s.UpdatedTimestamp), `${u.UpdatedTimestamp} before ${s.UpdatedTimestamp}`);

      const deleted = await aws(['delete-proxy-session', '--voice-connector-id', connector, '--proxy-session-id', id]);
      assert.equal(deleted.code, 0, deleted.error);
      assert.deepEqual(deleted.json, {}, 'a 204 prints nothing');
      const [gone, listed] = await inBatches([
        voice(['get-proxy-session', '--voice-connector-id', connector, '--proxy-session-id', id]),
        voice(['list-proxy-sessions', '--voice-connector-id', connector]),
      ]);
      failed(gone, 'NotFoundException', 'GetProxySession', new RegExp(`No proxy session with id ${id} exists on voice connector ${connector}$`));
      assert.deepEqual(listed?.json, { ProxySessions: [] });

      const all = [created, got, open, closed, updated, deleted, gone, listed];
      assert.deepEqual(all.map((a) => a?.api), all.map(() => answering));
    });

    it('an unknown voice connector is NotFoundException, identical participants BadRequestException, each with the CLI\'s exit code', async () => {
      const [unknown, same] = await inBatches([
        voice(['create-proxy-session', '--voice-connector-id', UNKNOWN_CONNECTOR, '--participant-phone-numbers', FIRST, SECOND, '--capabilities', 'Voice']),
        voice(['create-proxy-session', '--voice-connector-id', connector, '--participant-phone-numbers', FIRST, FIRST, '--capabilities', 'Voice']),
      ]);
      failed(unknown, 'NotFoundException', 'CreateProxySession', new RegExp(`: No voice connector with id ${UNKNOWN_CONNECTOR} exists in this account$`));
      failed(same, 'BadRequestException', 'CreateProxySession', /: ParticipantPhoneNumbers must be two different numbers$/);
      assert.ok(!same!.error!.includes(FIRST.slice(2)), `the message repeats a participant's number: ${same!.error}`);
      assert.deepEqual([unknown?.api, same?.api], [answering, answering]);
    });
  });
}

// The two suites have a server each, so they run side by side.
describe('the AWS CLI with proxy sessions', { concurrency: true }, () => {
  cliSuite('v2', findCli(2), { required: Boolean(process.env.CI) });
  cliSuite('v1', findCli(1), { required: false });
});
