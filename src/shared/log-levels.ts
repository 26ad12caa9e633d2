/** The log levels, most severe first, then `silent`: the one list that the configuration, the logger and the help use. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export type LogLevel = (typeof LOG_LEVELS)[number];
