/**
 * The access line written straight to the destination (src/observability/access-line.ts) is the line pino writes for
 * `logger.info(fields, 'request')`, byte for byte but the time: every optional field present or not, strings that need
 * escaping, phone numbers masked, the process's own fields (`--workers`), odd numbers, and the level honoured.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accessLine, type AccessFields } from '../../../src/observability/access-line.ts';
import { createLogger, type LogLevel } from '../../../src/observability/logger.ts';

function capture(level: LogLevel, fields?: Record<string, string | number>): { logger: ReturnType<typeof createLogger>; raw: string[] } {
  const raw: string[] = [];
  const logger = createLogger({ level, ...(fields && { fields }), destination: { write: (line: string) => void raw.push(line) } });
  return { logger, raw };
}

/** The time is the one part that may differ between two writes. */
const TIME = /,"time":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"/;
const untimed = (line: string): string => {
  assert.match(line, TIME);
  return line.replace(TIME, ',"time":"T"');
};

const RECORDS: AccessFields[] = [
  { requestId: 'f6a1b0c2-3d4e-4f5a-8b6c-7d8e9f0a1b2c', account: '111111111111', operation: 'GetPhoneNumberOrder', api: 'both', method: 'GET', status: 200, ms: 1.23 },
  { requestId: 'r-1', operation: 'unrouted', method: '-', status: 400, ms: 0, errorType: 'BadRequestException' },
  { requestId: 'r-2', account: '111111111111', operation: 'CreatePhoneNumberOrder', api: 'chime-sdk-voice', method: 'POST', status: 429, ms: 12.5, errorType: 'ThrottledClientException' },
  { requestId: 'quote " backslash \\ newline \n tab \t nul \u0000 é ☎ 😀', operation: 'op "x"', method: 'GET', status: 404, ms: 3 },
  { requestId: 'called +12065550100 and +442071838750', account: '+12065550100', operation: 'GetPhoneNumber', method: 'GET', status: 200, ms: 7 },
  { requestId: 'r-3', operation: 'ListPhoneNumbers', method: 'GET', status: 200, ms: Number.NaN },
  { requestId: 'r-4', operation: 'ListPhoneNumbers', method: 'GET', status: 200, ms: 1e21 },
  { requestId: 'r-5', operation: 'ListPhoneNumbers', method: 'GET', status: 200, ms: -0 },
];

describe('the access line', () => {
  for (const fields of [undefined, { worker: 2, pid: 4242, note: 'a "quoted" field' }]) {
    it(`is pino's line for every record${fields ? ', with the process fields of a worker' : ''}`, () => {
      const viaPino = capture('info', fields);
      const direct = capture('info', fields);
      const write = accessLine(direct.logger);
      for (const record of RECORDS) {
        viaPino.logger.info({ ...record }, 'request');
        write(record);
      }
      assert.equal(direct.raw.length, RECORDS.length);
      assert.deepEqual(direct.raw.map(untimed), viaPino.raw.map(untimed));
      // And each is one JSON object per line, with the phone numbers masked.
      for (const line of direct.raw) {
        assert.ok(line.endsWith('}\n'));
        assert.doesNotMatch(line, /2065550100|2071838750/);
        assert.equal((JSON.parse(line) as { msg: string }).msg, 'request');
      }
    });
  }

  it('is not written when the level is above info, and is once the level is lowered', () => {
    const { logger, raw } = capture('warn');
    const write = accessLine(logger);
    write(RECORDS[0]!);
    assert.equal(raw.length, 0);
    logger.level = 'info';
    write(RECORDS[0]!);
    assert.equal(raw.length, 1);
  });
});
