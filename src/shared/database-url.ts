/**
 * The one definition of a PostgreSQL URL (`postgres://` or `postgresql://`, any case), shared by the configuration
 * (which validates `DATABASE_URL` and `database.url`) and the storage (which opens PostgreSQL for such a URL).
 */
export const POSTGRES_URL = /^postgres(ql)?:\/\//i;

/** Whether `url` selects PostgreSQL (surrounding blanks ignored). */
export function isPostgresUrl(url: string | undefined): boolean {
  return url !== undefined && POSTGRES_URL.test(url.trim());
}

/** The URL without its password and parameters, for the start-up banner and logs. */
export function describePostgresUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    parsed.search = '';
    return parsed.toString();
  } catch {
    return 'postgres://(unparsable URL)';
  }
}
