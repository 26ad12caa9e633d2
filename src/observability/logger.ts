/** Structured JSON logs (pino), redacted: see `redact.ts`. */
import { pino, type DestinationStream, type Logger } from 'pino';
import { isoText } from '../shared/iso-text.ts';
import type { LogLevel } from '../shared/log-levels.ts';
import { createLogStream } from './log-stream.ts';
import { maskE164, redactValue } from './redact.ts';

/**
 * Logs to `destination`, by default stdout through a bounded asynchronous buffer ({@link createLogStream}); `fields`
 * go on every line (e.g. the worker's index and pid).
 * @example const log = createLogger({ level: 'info' }); log.info({ requestId }, 'request');
 */
export function createLogger(options: { level: LogLevel; destination?: DestinationStream; fields?: Record<string, string | number> }): Logger {
  return pino(
    {
      level: options.level,
      // `fields`: what every line of this process carries besides (e.g. `worker` and `pid` with --workers).
      base: { service: 'dialtone', ...options.fields },
      timestamp: logTime,
      // The `log` formatter below runs before serializers and already turns errors into plain, redacted records (with
      // their code); pino's own `err` serializer would then name every error's type `Object`.
      serializers: { err: (value: unknown) => value },
      formatters: {
        level: (label) => ({ level: label }),
        log: (record) => redactValue(record) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          const masked = args.map((arg: unknown) => (typeof arg === 'string' ? maskE164(arg) : arg));
          method.apply(this, masked as Parameters<typeof method>);
        },
      },
    },
    options.destination ?? createLogStream(),
  );
}

/** A line's time as pino's `isoTime` writes it, with the text written by isoText (toISOString's, in half its time). */
export function logTime(): string {
  return `,"time":"${isoText(new Date())}"`;
}

export type { Logger, LogLevel };
