/** The sign-in form: an access key id and its secret, exchanged for a session cookie (the secret is not kept). */
import { useState } from 'preact/hooks';
import { signIn, type Session } from '../api/session.ts';
import { ErrorAlert } from '../components/error-alert.tsx';

export function SignIn({ onSignedIn, notice }: { onSignedIn: (session: Session) => void; notice?: string | undefined }) {
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    setBusy(true);
    try {
      const session = await signIn(String(data.get('accessKeyId') ?? '').trim(), String(data.get('secretAccessKey') ?? ''));
      form.reset();
      onSignedIn(session);
    } catch (reason) {
      setError(reason);
      (form.elements.namedItem('secretAccessKey') as HTMLInputElement | null)?.select();
    } finally {
      setBusy(false);
    }
  };
  return (
    <main id="main" class="sign-in">
      <h1>Sign in to the dialtone console</h1>
      {notice === undefined ? null : <p role="status">{notice}</p>}
      <p>Use an access key of your account. The secret is sent once to this server and not stored by the browser.</p>
      <form onSubmit={submit} aria-describedby="sign-in-error">
        <label>
          Access key ID
          <input name="accessKeyId" required autocomplete="username" spellcheck={false} autocapitalize="off" />
        </label>
        <label>
          Secret access key
          <input name="secretAccessKey" type="password" required autocomplete="off" />
        </label>
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <div id="sign-in-error">
        <ErrorAlert error={error} />
      </div>
    </main>
  );
}
