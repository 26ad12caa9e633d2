/**
 * The console's shell: the session gate (the sign-in form when `GET session` answers 401, or any later call does),
 * then the navigation and the page of the current hash route.
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, onUnauthorized } from './api/client.ts';
import { currentSession, signOut, type Session } from './api/session.ts';
import { ErrorAlert } from './components/error-alert.tsx';
import { startLive, stopLive } from './live/events.ts';
import { useLiveState } from './live/use-live.ts';
import { DeletionQueue } from './pages/deletion-queue.tsx';
import { Events } from './pages/events.tsx';
import { NumberDetail } from './pages/number-detail.tsx';
import { Numbers } from './pages/numbers.tsx';
import { Overview } from './pages/overview.tsx';
import { Search } from './pages/search.tsx';
import { SignIn } from './pages/sign-in.tsx';
import { VoiceConnectors } from './pages/voice-connectors.tsx';
import { PAGES, useRoute, type Route } from './router.ts';

type Gate = { state: 'checking' } | { state: 'signed-out'; notice?: string; error?: unknown } | { state: 'signed-in'; session: Session };

export function App() {
  const [gate, setGate] = useState<Gate>({ state: 'checking' });
  useEffect(() => {
    onUnauthorized(() => {
      stopLive();
      setGate((current) => (current.state === 'signed-in' ? { state: 'signed-out', notice: 'Your session has ended. Sign in again.' } : current));
    });
    currentSession().then(
      (session) => setGate({ state: 'signed-in', session }),
      (error: unknown) => setGate(error instanceof ApiError && error.status === 401 ? { state: 'signed-out' } : { state: 'signed-out', error }),
    );
  }, []);
  useEffect(() => {
    if (gate.state === 'signed-in') startLive();
  }, [gate.state]);

  if (gate.state === 'checking') return <p role="status">Loading…</p>;
  if (gate.state === 'signed-out') {
    return (
      <>
        <SignIn notice={gate.notice} onSignedIn={(session) => setGate({ state: 'signed-in', session })} />
        <ErrorAlert error={gate.error} />
      </>
    );
  }
  const leave = async () => {
    try {
      await signOut();
    } finally {
      stopLive();
      setGate({ state: 'signed-out', notice: 'You are signed out.' });
    }
  };
  return <Shell session={gate.session} onSignOut={leave} />;
}

function Shell({ session, onSignOut }: { session: Session; onSignOut: () => Promise<void> }) {
  const route = useRoute();
  const live = useLiveState();
  return (
    <>
      <a class="skip" href="#main" onClick={(event) => { event.preventDefault(); document.getElementById('main')?.focus(); }}>
        Skip to content
      </a>
      <header class="top">
        <span class="brand">dialtone console</span>
        <span class="who">
          Account <strong>{session.AccountId}</strong> · key <code>{session.AccessKeyId}</code>
        </span>
        <span class={`live live-${live}`} role="status" aria-label={`Live events: ${live}`}>
          Live: {live}
        </span>
        <button type="button" onClick={() => void onSignOut()}>
          Sign out
        </button>
      </header>
      <nav aria-label="Console">
        <ul>
          {PAGES.map((page) => (
            <li key={page.path}>
              <a href={`#/${page.path}`} aria-current={route.page === page.path ? 'page' : undefined}>
                {page.title}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        <Content route={route} />
      </main>
    </>
  );
}

function Content({ route }: { route: Route }) {
  switch (route.page) {
    case 'overview':
      return <Overview />;
    case 'search':
      return <Search />;
    case 'numbers':
      return route.id === undefined ? <Numbers params={route.params} key={route.params.toString()} /> : <NumberDetail id={route.id} key={route.id} />;
    case 'deletion-queue':
      return <DeletionQueue />;
    case 'voice-connectors':
      return <VoiceConnectors />;
    case 'events':
      return <Events />;
  }
}
