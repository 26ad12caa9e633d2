/** The console's session: sign-in (an access key and its secret, exchanged for a cookie), the current one, sign-out. */
import { send, setCsrfToken } from './client.ts';

/** `POST session` / `GET session` answer (docs/console.md). */
export interface Session {
  AccountId: string;
  AccessKeyId: string;
  CsrfToken: string;
  ExpiresAt: string;
}

/** The current session, or throws (401 when there is none). */
export async function currentSession(): Promise<Session> {
  const session = await send<Session>('GET', 'session');
  setCsrfToken(session.CsrfToken);
  return session;
}

/** Signs in; the secret is sent once and not kept. */
export async function signIn(accessKeyId: string, secretAccessKey: string): Promise<Session> {
  const session = await send<Session>('POST', 'session', JSON.stringify({ AccessKeyId: accessKeyId, SecretAccessKey: secretAccessKey }));
  setCsrfToken(session.CsrfToken);
  return session;
}

/** Signs out (the server clears the cookie); the token is forgotten either way. */
export async function signOut(): Promise<void> {
  try {
    await send('DELETE', 'session');
  } finally {
    setCsrfToken(undefined);
  }
}
