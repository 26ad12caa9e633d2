/**
 * ValidateE911Address (`POST /emergency-calling/address`, 202) through the real AWS CLI: `aws chime-sdk-voice
 * validate-e911-address` with CLI v2 (Debian's 2.9.19) and CLI v1 where installed, and `aws chime
 * validate-e911-address` where the CLI's chime model still has it (CLI v2's botocore 1.29-era model does; CLI v1
 * 1.45's does not). The CLIs sign with test/test, the default account 000000000000. Every call runs with `--debug`,
 * whose log of the response headers shows the `x-dialtone-api` that answered.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_ACCOUNT_ID } from '../../src/config/config-schema.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { FAST_SERVER, findCli, inBatches, runCli, runJsonCli, type CliAnswer } from '../support/aws-cli.ts';

interface Address {
  AccountId?: string;
  StreetNumber: string;
  StreetInfo: string;
  City: string;
  State: string;
  Country: string;
  PostalCode: string;
}
const SEATTLE: Address = { StreetNumber: '410', StreetInfo: 'Terry Avenue North', City: 'Seattle', State: 'WA', Country: 'US', PostalCode: '98109' };
const STANDARD = { streetNumber: '410', streetName: 'TERRY', streetSuffix: 'AVE', postDirectional: 'N', city: 'SEATTLE', state: 'WA', postalCode: '98109', country: 'US' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The command's arguments for SEATTLE with `changes`. */
function addressArgs(changes: Partial<Address> = {}): string[] {
  const a = { ...SEATTLE, ...changes };
  return ['validate-e911-address', '--aws-account-id', a.AccountId ?? DEFAULT_ACCOUNT_ID, '--street-number', a.StreetNumber, '--street-info', a.StreetInfo,
    '--city', a.City, '--state', a.State, '--country', a.Country, '--postal-code', a.PostalCode];
}

function cliSuite(label: 'v1' | 'v2', bin: string | undefined, options: { required: boolean }): void {
  const skip = bin === undefined && !options.required ? `AWS CLI ${label} not installed` : false;
  // CLI v2 exits 254 on a service error, CLI v1 255; CLI v2 names the command in its User-Agent, CLI v1 gets the union.
  const failure = label === 'v2' ? 254 : 255;
  const answering = label === 'v2' ? 'chime-sdk-voice' : 'both';

  describe(`the AWS CLI ${label} validate-e911-address against a listening server`, { skip, concurrency: 1 }, () => {
    let server: TestServer;
    let home: string;
    let seattleId: string | undefined;

    /** `aws <service> validate-e911-address … --endpoint-url <server> --output json --debug`. */
    async function aws(service: 'chime-sdk-voice' | 'chime', changes?: Partial<Address>): Promise<CliAnswer> {
      assert.ok(bin, `AWS CLI ${label} not found (CI must install it: apt-get install awscli)`);
      return runJsonCli(bin, [service, ...addressArgs(changes), '--endpoint-url', server.url, '--output', 'json', '--debug'], home);
    }
    const validate = (changes?: Partial<Address>, service: 'chime-sdk-voice' | 'chime' = 'chime-sdk-voice') => () => aws(service, changes);

    const succeeded = (a: CliAnswer | undefined): Record<string, unknown> => {
      assert.equal(a?.code, 0, a?.error);
      return a.json;
    };
    /** The 1, 0 and 2 answers for SEATTLE as spelled out, in USPS form and with state OR; answers SEATTLE's id. */
    const assertResults = (answers: (CliAnswer | undefined)[]): string => {
      const [corrected, asGiven, candidate] = answers.map(succeeded) as [Record<string, unknown>, Record<string, unknown>, Record<string, unknown>];
      assert.deepEqual(Object.keys(corrected).sort(), ['Address', 'AddressExternalId', 'ValidationResult']);
      assert.deepEqual([corrected.ValidationResult, corrected.Address], [1, STANDARD]);
      assert.match(String(corrected.AddressExternalId), UUID);
      assert.deepEqual(asGiven, { ValidationResult: 0, AddressExternalId: corrected.AddressExternalId, Address: STANDARD }, 'the same address, the same id');
      assert.deepEqual(candidate, {
        ValidationResult: 2,
        CandidateAddressList: [{ streetNumber: '410', streetInfo: 'TERRY AVE N', city: 'SEATTLE', state: 'WA', postalCode: '98109', country: 'US' }],
      });
      return corrected.AddressExternalId as string;
    };
    /** The command failed with the CLI's exit code for a service error and this error line. */
    const failed = (a: CliAnswer | undefined, exception: string, message: RegExp): void => {
      assert.equal(a?.code, failure, `expected ValidateE911Address to fail; it printed ${JSON.stringify(a?.json)}`);
      assert.ok(a.error!.startsWith(`An error occurred (${exception}) when calling the ValidateE911Address operation: `), a.error);
      assert.match(a.error!, message);
    };

    before(async () => {
      assert.ok(bin, `AWS CLI ${label} not found, and CI is set: CI must install it (Debian package awscli)`);
      home = mkdtempSync(join(tmpdir(), 'dialtone-aws-e911-home-'));
      server = await startTestServer({ config: FAST_SERVER });
    });
    after(async () => {
      await server?.close();
      if (home) rmSync(home, { recursive: true, force: true });
      if (server) rmSync(server.dataDir, { recursive: true, force: true });
    });

    it('chime-sdk-voice validate-e911-address: corrected (1), as given (0) with the same id, the ZIP Code\'s state as candidate (2), none for ZIP 00000', async () => {
      const answers = await inBatches([validate(), validate({ StreetInfo: 'TERRY AVE N' }), validate({ State: 'OR' }), validate({ PostalCode: '00000' })]);
      seattleId = assertResults(answers.slice(0, 3));
      assert.deepEqual(succeeded(answers[3]), { ValidationResult: 2, CandidateAddressList: [] });
      assert.deepEqual(answers.map((a) => a.api), answers.map(() => answering));
    });

    it('refuses another account (ForbiddenException), another country and a blank StreetInfo (BadRequestException), repeating neither value', async () => {
      const [account, country, blank] = await inBatches([validate({ AccountId: '111111111111' }), validate({ Country: 'Canada' }), validate({ StreetInfo: '   ' })]);
      failed(account, 'ForbiddenException', /: AwsAccountId must be the account of the request's credentials$/);
      failed(country, 'BadRequestException', /: Country must be US/);
      assert.ok(!country!.error!.includes('Canada'), country!.error);
      failed(blank, 'BadRequestException', /: 1 validation error detected: Value at 'StreetInfo' failed to satisfy constraint: Member must satisfy regular expression pattern: \.\*\\S\.\*$/);
      assert.ok(!blank!.error!.includes('Value \''), `the message repeats the value: ${blank!.error}`);
      assert.deepEqual([account, country, blank].map((a) => a?.api), [answering, answering, answering]);
    });

    it('chime validate-e911-address (the legacy model) answers the same, with the same id', async (t) => {
      assert.ok(bin);
      const probe = await runCli(bin, ['chime', 'validate-e911-address'], { home });
      if (probe.stderr.includes('Invalid choice')) {
        t.skip(`AWS CLI ${label}'s chime model has no validate-e911-address (only chime-sdk-voice has it)`);
        return;
      }
      const answers = await inBatches([validate({}, 'chime'), validate({ StreetInfo: 'TERRY AVE N' }, 'chime'), validate({ State: 'OR' }, 'chime')]);
      assert.equal(assertResults(answers), seattleId, 'the same address and account, the same id through either API');
      assert.deepEqual(answers.map((a) => a?.api), answers.map(() => (label === 'v2' ? 'chime' : 'both')));
    });
  });
}

// The two suites have a server each, so they run side by side.
describe('the AWS CLI with ValidateE911Address', { concurrency: true }, () => {
  cliSuite('v2', findCli(2), { required: Boolean(process.env.CI) });
  cliSuite('v1', findCli(1), { required: false });
});
