/**
 * ValidateE911Address through the real JS SDK v3 voice client (each result, the candidate that validates when sent
 * back, the refusals, which repeat no value of the address), the legacy `/chime` path, and boto3 of both ages (its
 * `chime-sdk-voice` client, and its legacy `chime` client where the model has the operation: botocore 1.29's has,
 * 1.43's no longer does).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ValidateE911AddressCommand, type ValidateE911AddressCommandInput } from '@aws-sdk/client-chime-sdk-voice';
import { BOTO3_PRELUDE, BOTO3_SENT, boto3Unavailable, PYTHONS, runBoto3 } from '../support/boto3.ts';
import { sendRaw } from '../support/raw-request.ts';
import { ALICE, BOB } from '../support/server.ts';
import { assertVoiceError, startAliceAndBob, type AliceAndBob } from '../support/voice.ts';

const SEATTLE: ValidateE911AddressCommandInput = {
  AwsAccountId: ALICE.accountId,
  StreetNumber: '410',
  StreetInfo: 'Terry Avenue North',
  City: 'Seattle',
  State: 'Washington',
  Country: 'US',
  PostalCode: '98109-5210',
};
const STANDARD = { streetNumber: '410', streetName: 'TERRY', streetSuffix: 'AVE', postDirectional: 'N', city: 'SEATTLE', state: 'WA', postalCode: '98109', postalCodePlus4: '5210', country: 'US' };
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('ValidateE911Address', () => {
  let world: AliceAndBob;
  let home: string;
  const validate = (changes: Partial<ValidateE911AddressCommandInput>) => world.alice.send(new ValidateE911AddressCommand({ ...SEATTLE, ...changes }));

  before(async () => {
    world = await startAliceAndBob();
    home = mkdtempSync(join(tmpdir(), 'dialtone-boto3-e911-home-'));
  });
  after(async () => {
    await world.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('corrects (1), validates the corrected address as it is (0) under the same id, and offers a candidate (2) that validates', async () => {
    const corrected = await validate({});
    assert.equal(corrected.$metadata.httpStatusCode, 202);
    assert.equal(corrected.ValidationResult, 1);
    assert.deepEqual(corrected.Address, STANDARD);
    assert.match(corrected.AddressExternalId ?? '', ID);
    assert.equal(corrected.CandidateAddressList, undefined);
    const exact = await validate({ StreetInfo: 'terry ave. n', City: 'seattle', State: 'WA' });
    assert.deepEqual([exact.ValidationResult, exact.AddressExternalId, exact.Address], [0, corrected.AddressExternalId, STANDARD]);
    const bobs = await world.bob.send(new ValidateE911AddressCommand({ ...SEATTLE, AwsAccountId: BOB.accountId }));
    assert.notEqual(bobs.AddressExternalId, corrected.AddressExternalId, 'each account its own ids');
    const wrongState = await validate({ State: 'OR' });
    assert.equal(wrongState.ValidationResult, 2);
    assert.equal(wrongState.Address, undefined);
    assert.equal(wrongState.AddressExternalId, undefined);
    const [candidate, ...more] = wrongState.CandidateAddressList ?? [];
    assert.deepEqual([candidate, more], [{ streetInfo: 'TERRY AVE N', streetNumber: '410', city: 'SEATTLE', state: 'WA', postalCode: '98109', postalCodePlus4: '5210', country: 'US' }, []]);
    const again = await validate({ StreetNumber: candidate!.streetNumber, StreetInfo: candidate!.streetInfo, City: candidate!.city, State: candidate!.state, PostalCode: `${candidate!.postalCode}-${candidate!.postalCodePlus4}`, Country: candidate!.country });
    assert.deepEqual([again.ValidationResult, again.AddressExternalId], [0, corrected.AddressExternalId]);
    const nowhere = await validate({ PostalCode: '00000' });
    assert.deepEqual([nowhere.ValidationResult, nowhere.CandidateAddressList], [2, []]);
  });

  it('refuses another account, a country other than the US and a blank member, repeating no value of the address', async () => {
    await assertVoiceError(validate({ AwsAccountId: BOB.accountId }), 'ForbiddenException', 403, /^AwsAccountId must be the account of the request's credentials$/);
    const country = await assertVoiceError(validate({ Country: 'Narnia' }), 'BadRequestException', 400, /^Country must be US/);
    assert.doesNotMatch(country.message, /Narnia/);
    const blank = await assertVoiceError(validate({ City: ' \t ' }), 'BadRequestException', 400, /'City'/);
    assert.doesNotMatch(blank.message, /\t/);
  });

  it('answers on the legacy /chime path too', async () => {
    const body = JSON.stringify({ ...SEATTLE, State: 'WA', StreetInfo: 'Terry Ave N' });
    const legacy = await sendRaw(world.server.url, { method: 'POST', target: '/chime/emergency-calling/address', headers: { 'content-type': 'application/json' }, body, sign: ALICE });
    assert.equal(legacy.status, 202, legacy.body);
    assert.deepEqual(legacy.json(), { ValidationResult: 0, AddressExternalId: (await validate({})).AddressExternalId, Address: STANDARD });
  });

  for (const PYTHON of PYTHONS) {
    describe(`boto3 ValidateE911Address: ${PYTHON}`, { skip: boto3Unavailable(PYTHON) }, () => {
      it('chime-sdk-voice, and the legacy chime client where its model has the operation', async () => {
        const out = await runBoto3<Record<string, Record<string, unknown>>>(
          { python: PYTHON, url: world.server.url, keys: { alice: ALICE }, home, args: [JSON.stringify(SEATTLE)] },
          `${BOTO3_PRELUDE}${BOTO3_SENT}
address = json.loads(sys.argv[3])
out = {}
legacy = client_at('chime', '')
out['version'] = {'botocore': botocore.__version__, 'legacy': 'ValidateE911Address' in legacy.meta.service_model.operation_names}
out['voice'] = sent(client_at('chime-sdk-voice', ''), 'validate_e911_address', **address)
out['candidates'] = sent(client_at('chime-sdk-voice', ''), 'validate_e911_address', **dict(address, State='OR'))
out['forbidden'] = sent(client_at('chime-sdk-voice', ''), 'validate_e911_address', **dict(address, AwsAccountId='222222222222'))
if out['version']['legacy']:
    out['legacy'] = sent(legacy, 'validate_e911_address', **address)`,
        );
        const version = out.version as { botocore: string; legacy: boolean };
        assert.deepEqual([out.voice?.status, (out.voice?.ok as { ValidationResult: number }).ValidationResult, (out.voice?.ok as { Address: unknown }).Address], [202, 1, STANDARD]);
        assert.equal(((out.candidates?.ok as { CandidateAddressList: { state: string }[] }).CandidateAddressList)[0]?.state, 'WA');
        assert.deepEqual(out.forbidden?.error, { code: 'ForbiddenException', message: "AwsAccountId must be the account of the request's credentials", status: 403 });
        if (!version.legacy) {
          assert.doesNotMatch(version.botocore, /^1\.29\./, 'botocore 1.29\'s legacy model has the operation');
          return;
        }
        assert.deepEqual([out.legacy?.status, out.legacy?.ok], [202, out.voice?.ok]);
      });
    });
  }
});
