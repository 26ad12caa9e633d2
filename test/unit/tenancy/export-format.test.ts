/** The export file, version 1: contents → file → contents keep every member and millisecond; what is refused, and why. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ExportFormatError, toDocument, type ExportDocument } from '../../../src/tenancy/export-format.ts';
import { fromDocument } from '../../../src/tenancy/export-reader.ts';
import { sampleContents } from './fixture-contents.ts';

/** The sample as a file, through JSON text as `dialtone export` writes it. */
function sampleFile(): ExportDocument {
  return JSON.parse(JSON.stringify(toDocument(sampleContents(), new Date('2026-02-03T04:05:06.789Z')))) as ExportDocument;
}

function refusal(input: unknown): string {
  try {
    fromDocument(input);
  } catch (error) {
    assert.ok(error instanceof ExportFormatError, String(error));
    return error.message;
  }
  assert.fail('expected a refusal');
}

describe('the export file', () => {
  it('gives back the contents it was made of, every timestamp to the millisecond', () => {
    const file = sampleFile();
    assert.equal(file.exportedAt, '2026-02-03T04:05:06.789Z');
    assert.equal(file.orders[0]!.updatedAt, '2026-01-02T03:04:05.502Z');
    assert.deepEqual(fromDocument(file), sampleContents());
  });

  it('refuses what is not an export, and versions other than 1', () => {
    assert.match(refusal([1]), /not a dialtone export/);
    assert.match(refusal(null), /not a dialtone export/);
    assert.match(refusal({ format: 'other', version: 1 }), /not a dialtone export/);
    assert.match(refusal({ ...sampleFile(), version: 2 }), /^export version 2 is not supported: this dialtone reads version 1$/);
    assert.match(refusal({ ...sampleFile(), version: '1' }), /^export version "1" is not supported/);
  });

  it('names each malformed member by its path', () => {
    const document = sampleFile();
    const file = document as unknown as Record<string, Record<string, unknown>[]>;
    file.orders![0]!.createdAt = '2026-01-02T03:04:05Z';
    file.phoneNumbers![1]!.e164 = '2065550101';
    file.phoneNumbers![2]!.colour = 'blue';
    file.voiceConnectors![0]!.requireEncryption = 'yes';
    delete file.sipRules![0]!.targets;
    (file.proxySessions![0]!.participants as unknown[]).pop();
    file.voiceProfiles![0]!.voiceprint = 'someone';
    delete file.voiceProfiles![0]!.expiresAt;
    file.voiceAnalyticsTasks![0]!.languageCode = 'en-US';
    file.voiceAnalyticsTasks![1]!.stoppedAt = 'soon';
    file.voiceAnalyticsTasks!.push({ ...file.voiceAnalyticsTasks![1]!, kind: 'sentiment' });
    (document as { accountId: string }).accountId = '42';
    const message = refusal(document);
    for (const expected of [
      /^malformed dialtone export \(version 1\):/,
      /\n {2}accountId: must be 12 digits/,
      /\n {2}orders\.0\.createdAt: must be an ISO 8601 UTC timestamp with milliseconds/,
      /\n {2}phoneNumbers\.1\.e164: must be an E\.164 number/,
      /\n {2}phoneNumbers\.2: Unrecognized key: "colour"/,
      /\n {2}voiceConnectors\.0\.requireEncryption: Invalid input: expected boolean/,
      /\n {2}sipRules\.0\.targets: Invalid input: expected array/,
      /\n {2}proxySessions\.0\.participants: Too small: expected array to have >=2 items/,
      /\n {2}voiceProfiles\.0\.voiceprint: must be a voiceprint as dialtone writes it/,
      /\n {2}voiceProfiles\.0\.expiresAt: must be an ISO 8601 UTC timestamp/,
      /\n {2}voiceAnalyticsTasks\.0: Unrecognized key: "languageCode"/,
      /\n {2}voiceAnalyticsTasks\.1\.stoppedAt: must be an ISO 8601 UTC timestamp with milliseconds/,
      /\n {2}voiceAnalyticsTasks\.2\.kind: Invalid discriminator value\. Expected 'speaker-search' \| 'voice-tone'/,
    ]) {
      assert.match(message, expected);
    }
  });

  it('refuses parts that contradict each other', () => {
    const file = sampleFile();
    file.orders.push(file.orders[0]!);
    file.phoneNumbers.push({ ...file.phoneNumbers[0]! });
    file.voiceConnectorGroups[0]!.items.push({ voiceConnectorId: 'gone', priority: 2 });
    file.sipRules[0]!.targets[0]!.sipMediaApplicationId = 'elsewhere';
    file.associations.push({ e164: '+12065550102', kind: 'VoiceConnectorGroupId', id: 'nogroup', associatedAt: '2026-01-01T00:00:00.000Z' });
    file.phoneNumbers.find((n) => n.e164 === '+18005550100')!.status = 'Unassigned';
    file.proxySessions!.push({ ...file.proxySessions![0]!, voiceConnectorId: 'elsewhere' });
    const [profile] = file.voiceProfiles!;
    file.voiceProfiles!.push({ ...profile!, voiceProfileDomainId: 'nodomain' }, { ...profile!, id: 'p2', speakerSearchTaskId: 's2', region: 'us-west-2' });
    file.voiceAnalyticsTasks!.push({ ...file.voiceAnalyticsTasks![1]!, voiceConnectorId: 'elsewhere' });
    const message = refusal(file);
    for (const expected of [
      /^inconsistent dialtone export:/,
      /orders\.2: order \S+ appears more than once/,
      /phoneNumbers\.6: owned number \+12065550100 appears more than once/,
      /voiceConnectorGroups\.0\.items\.1: no voice connector gone in the export/,
      /sipRules\.0\.targets\.0: no SIP media application elsewhere in the export/,
      /associations\.2: \+12065550102 is not an owned number of the export/,
      /associations\.2: no VoiceConnectorGroupId nogroup in the export/,
      /associations\.1: \+18005550100 is Unassigned; an associated number is Assigned/,
      /proxySessions\.1: proxy session \S+ appears more than once/,
      /proxySessions\.1: no voice connector elsewhere in the export/,
      /voiceProfiles\.1: voice profile \S+ appears more than once/,
      /voiceProfiles\.1: enrolling speaker search task \S+ appears more than once/,
      /voiceProfiles\.1: no voice profile domain nodomain in the export/,
      /voiceProfiles\.2: region us-west-2 is not its voice profile domain's \(us-east-1\)/,
      /voiceAnalyticsTasks\.2: voice analytics task \S+ appears more than once/,
      /voiceAnalyticsTasks\.2: no voice connector elsewhere in the export/,
    ]) {
      assert.match(message, expected);
    }
  });

  it("keeps a speaker search whose voice profile domain was deleted since (a domain without profiles goes whatever searches named it)", () => {
    const file = sampleFile();
    file.voiceProfiles = undefined;
    file.voiceProfileDomains = undefined;
    const contents = fromDocument(JSON.parse(JSON.stringify(file)));
    assert.deepEqual(contents.voiceAnalyticsTasks, sampleContents().voiceAnalyticsTasks);
    assert.deepEqual([contents.voiceProfileDomains, contents.voiceProfiles], [[], []]);
  });

  it('leaves out voice profiles and voice analytics tasks when there are none, as files of earlier releases do', () => {
    const file = toDocument({ ...sampleContents(), voiceProfiles: [], voiceAnalyticsTasks: [] }, new Date('2026-02-03T04:05:06.789Z'));
    assert.equal(Object.hasOwn(file, 'voiceProfiles'), false);
    assert.equal(Object.hasOwn(file, 'voiceAnalyticsTasks'), false);
    assert.deepEqual(fromDocument(JSON.parse(JSON.stringify(file))), { ...sampleContents(), voiceProfiles: [], voiceAnalyticsTasks: [] });
  });
});
