/**
 * The access log's line (one per request, the most frequent line by far), written straight to the logger's destination
 * with the bytes pino writes for `logger.info(fields, 'request')`: the level, the time, the logger's bindings, the
 * fields in order (those undefined left out), the message. pino's general path (the masking hook, the redacting
 * formatter that copies the record, serializing any object) was most of the line's cost; here the fields have a fixed
 * shape, each string is masked (maskE164) and JSON-escaped on its own, and no key is named like a secret.
 * test/unit/observability/access-line.test.ts compares both writers' lines.
 */
import { pino } from 'pino';
import { logTime, type Logger } from './logger.ts';
import { maskE164 } from './redact.ts';

/** What an access line says, in the order it says it. */
export interface AccessFields {
  requestId: string;
  account?: string | undefined;
  operation: string;
  api?: string | undefined;
  method: string;
  status: number;
  ms: number;
  errorType?: string | undefined;
}

const { streamSym, chindingsSym } = pino.symbols;

/** Writes access lines through `logger` (its level, bindings and destination); a line only when `info` is enabled. */
export function accessLine(logger: Logger): (fields: AccessFields) => void {
  const holder = logger as unknown as Record<symbol, unknown>;
  return (fields) => {
    if (!logger.isLevelEnabled('info')) return;
    let line = `{"level":"info"${logTime()}${holder[chindingsSym] as string},"requestId":${text(fields.requestId)}`;
    if (fields.account !== undefined) line += `,"account":${text(fields.account)}`;
    line += `,"operation":${text(fields.operation)}`;
    if (fields.api !== undefined) line += `,"api":${text(fields.api)}`;
    line += `,"method":${text(fields.method)},"status":${number(fields.status)},"ms":${number(fields.ms)}`;
    if (fields.errorType !== undefined) line += `,"errorType":${text(fields.errorType)}`;
    (holder[streamSym] as { write(line: string): void }).write(`${line},"msg":"request"}\n`);
  };
}

function text(value: string): string {
  return JSON.stringify(maskE164(value));
}

/** As JSON.stringify writes a number (`null` for NaN and the infinities), as pino does. */
function number(value: number): string {
  return Number.isFinite(value) ? String(value) : 'null';
}
