/** Which database errors are a refused foreign key, by the drivers' codes (no driver is imported here). */

/** True when `error` is SQLite's SQLITE_CONSTRAINT_FOREIGNKEY or PostgreSQL's 23503 foreign_key_violation. */
export function isForeignKeyViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || code === '23503';
}
