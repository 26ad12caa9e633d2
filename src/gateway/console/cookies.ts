/** The console's session cookie: reading it from a request, and the `Set-Cookie` values that set and clear it. */
import type { IncomingMessage } from 'node:http';

export const COOKIE_NAME = 'dialtone_console';
export const COOKIE_PATH = '/_dialtone/console';

/** The session token the request carries, if any (the first `dialtone_console` cookie). */
export function sessionToken(req: IncomingMessage): string | undefined {
  const header = req.headers.cookie;
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === COOKIE_NAME) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** `Set-Cookie` for a new session: HttpOnly, SameSite=Strict, limited to the console's path, Secure over TLS. */
export function sessionCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  return `${COOKIE_NAME}=${token}; Path=${COOKIE_PATH}; Max-Age=${Math.floor(maxAgeSeconds)}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

/** `Set-Cookie` that removes the session cookie. */
export function clearedCookie(secure: boolean): string {
  return `${COOKIE_NAME}=; Path=${COOKIE_PATH}; Max-Age=0; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

/** Whether the request reached this server over TLS. */
export function overTls(req: IncomingMessage): boolean {
  return (req.socket as { encrypted?: boolean }).encrypted === true;
}
