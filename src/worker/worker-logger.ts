/** What the background loops log through: pino's logger fits it, and a test's capturing one. */
export interface WorkerLogger {
  error(fields: Record<string, unknown>, message: string): void;
  info?(fields: Record<string, unknown>, message: string): void;
}
