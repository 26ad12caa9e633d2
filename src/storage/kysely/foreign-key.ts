/** Recognises the database refusing a delete because rows still reference the row (by driver error code only). */
import { StillReferencedError } from '../../domain/ports/associations.ts';

/** SQLite `SQLITE_CONSTRAINT_FOREIGNKEY`; PostgreSQL SQLSTATE 23503 foreign_key_violation. */
export function isForeignKeyViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || code === '23503';
}

/** Runs a delete; a foreign-key refusal becomes {@link StillReferencedError}, anything else passes through. */
export async function refusingReferenced<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isForeignKeyViolation(error)) throw new StillReferencedError(`${what} is still referenced`);
    throw error;
  }
}
