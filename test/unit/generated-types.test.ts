import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CreatePhoneNumberOrderRequest, ChimeOperations } from '../../src/generated/chime.ts';
import type { ChimeSdkVoiceOperations } from '../../src/generated/chime-sdk-voice.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const chimeText = readFileSync(join(root, 'src/generated/chime.ts'), 'utf8');
const voiceText = readFileSync(join(root, 'src/generated/chime-sdk-voice.ts'), 'utf8');

interface Model {
  operations: Record<string, unknown>;
  shapes: Record<string, { type: string; required?: string[]; members?: Record<string, { shape: string }> }>;
}
const chimeModel = JSON.parse(readFileSync(join(root, 'spec/chime-2018-05-01.json'), 'utf8')) as Model;
const voiceModel = JSON.parse(readFileSync(join(root, 'spec/chime-sdk-voice-2022-08-03.json'), 'utf8')) as Model;

/** The body of `export interface <name> { ... }` in a generated file (one member per line). */
function interfaceBody(text: string, name: string): string {
  const match = new RegExp(`^export interface ${name} \\{\\n([\\s\\S]*?)^\\}$`, 'm').exec(text);
  assert.ok(match, `interface ${name} not found`);
  return match[1] ?? '';
}

// ---- compile-time checks (enforced by `npm run typecheck`) ----------------------------------------
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(value: T): T {
  return value;
}
expectType<Equal<ChimeOperations['CreatePhoneNumberOrder']['input'], CreatePhoneNumberOrderRequest>>(true);
expectType<Equal<ChimeOperations['DeletePhoneNumber']['output'], void>>(true);
expectType<Equal<ChimeOperations['GetGlobalSettings']['input'], Record<string, never>>>(true);
expectType<Equal<ChimeSdkVoiceOperations['DeletePhoneNumber']['output'], void>>(true);
// @ts-expect-error E164PhoneNumbers is required on an operation input
const missingNumbers: CreatePhoneNumberOrderRequest = { ProductType: 'VoiceConnector' };
// @ts-expect-error ProductType only accepts the PhoneNumberProductType enum values
const badProduct: CreatePhoneNumberOrderRequest = { ProductType: 'Fax', E164PhoneNumbers: [] };
void missingNumbers;
void badProduct;

test('generated types are up to date with spec/ (generate-types --check)', () => {
  const stdout = execFileSync(process.execPath, ['scripts/generate-types.mjs', '--check'], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  assert.match(stdout, /up to date/);
});

test('CreatePhoneNumberOrderRequest has required ProductType and E164PhoneNumbers', () => {
  const shape = chimeModel.shapes.CreatePhoneNumberOrderRequest!;
  assert.deepEqual([...(shape.required ?? [])].sort(), ['E164PhoneNumbers', 'ProductType'], 'the model requires both');
  const body = interfaceBody(chimeText, 'CreatePhoneNumberOrderRequest');
  // Every member of the model is in the interface, required exactly where the model requires it.
  for (const [name, member] of Object.entries(shape.members ?? {})) {
    assert.match(body, new RegExp(`^ {2}${name}: ${member.shape};$`, 'm'), `${name} is a required ${member.shape}`);
  }
  assert.doesNotMatch(body, /\?:/, 'no optional members expected');
  assert.match(chimeText, /^export type PhoneNumberProductType = [^;]*'VoiceConnector'[^;]*;$/m);
});

test('enums become string-literal unions', () => {
  assert.match(
    chimeText,
    /^export type PhoneNumberOrderStatus = 'Processing' \| 'Successful' \| 'Failed' \| 'Partial';$/m,
  );
});

test('timestamps are Date and members document their constraints', () => {
  assert.match(chimeText, /^export type Iso8601Timestamp = Date;$/m);
  const order = interfaceBody(chimeText, 'PhoneNumberOrder');
  assert.match(order, /^ {2}CreatedTimestamp\?: Iso8601Timestamp;$/m);
  assert.match(order, /^ {2}Status\?: PhoneNumberOrderStatus;$/m);

  const list = interfaceBody(chimeText, 'ListPhoneNumbersRequest');
  assert.match(list, /\/\*\* querystring `max-results`; 1\.\.99 \*\/\n {2}MaxResults\?: ResultMax;/);
  const del = interfaceBody(chimeText, 'DeletePhoneNumberRequest');
  assert.match(del, /\/\*\* uri `phoneNumberId`[^*]*\*\/\n {2}PhoneNumberId: /);
});

test('built-in type names are renamed to <Name>Shape', () => {
  for (const text of [chimeText, voiceText]) {
    assert.match(text, /^export type StringShape = string;$/m);
    assert.match(text, /^export type BooleanShape = boolean;$/m);
    assert.match(text, /^export type IntegerShape = number;$/m);
    assert.doesNotMatch(text, /^export (type|interface) (String|Boolean|Integer|Timestamp|Date|Record|Error|Object)\b/m);
    assert.doesNotMatch(text, /: (String|Boolean|Integer|Timestamp);$/m);
  }
  assert.match(chimeText, /^export type TimestampShape = Date;$/m);
});

test('operation maps cover every model operation', () => {
  const names = (text: string, name: string): string[] =>
    interfaceBody(text, name)
      .split('\n')
      .flatMap((l) => /^ {2}(\w+): \{ input:/.exec(l)?.[1] ?? [])
      .sort();
  assert.deepEqual(names(chimeText, 'ChimeOperations'), Object.keys(chimeModel.operations).sort());
  assert.deepEqual(names(voiceText, 'ChimeSdkVoiceOperations'), Object.keys(voiceModel.operations).sort());
  assert.match(chimeText, /^export type ChimeOperationName = keyof ChimeOperations;$/m);
  assert.match(voiceText, /^export type ChimeSdkVoiceOperationName = keyof ChimeSdkVoiceOperations;$/m);
  assert.match(chimeText, /^ {2}DeletePhoneNumber: \{ input: DeletePhoneNumberRequest; output: void \};$/m);
  assert.match(chimeText, /^ {2}GetGlobalSettings: \{ input: Record<string, never>; output: GetGlobalSettingsResponse \};$/m);
});
