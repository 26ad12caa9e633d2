/** A client of the web console's HTTP interface, as a browser holds it: the session cookie and the CSRF token. */
import assert from 'node:assert/strict';

export interface ConsoleAnswer {
  status: number;
  headers: Headers;
  body: unknown;
}

export class ConsoleClient {
  readonly base: string;
  cookie: string | undefined;
  csrf: string | undefined;

  constructor(serverUrl: string) {
    this.base = `${serverUrl}/_dialtone/console/`;
  }

  /** Signs in; asserts success unless `expectStatus` says otherwise. */
  async signIn(accessKeyId: string, secretAccessKey: string, expectStatus = 200): Promise<ConsoleAnswer> {
    const answer = await this.call('POST', 'session', { body: { AccessKeyId: accessKeyId, SecretAccessKey: secretAccessKey }, csrf: false });
    assert.equal(answer.status, expectStatus, JSON.stringify(answer.body));
    if (answer.status === 200) {
      const setCookie = answer.headers.get('set-cookie') ?? '';
      this.cookie = /dialtone_console=([^;]*)/.exec(setCookie)?.[1];
      this.csrf = (answer.body as { CsrfToken: string }).CsrfToken;
    }
    return answer;
  }

  /** A request below the console's root; mutations carry the CSRF token unless `csrf` is false or a string. */
  async call(method: string, path: string, options: { body?: unknown; csrf?: boolean | string; headers?: Record<string, string> } = {}): Promise<ConsoleAnswer> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.cookie !== undefined) headers.cookie = `dialtone_console=${this.cookie}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const csrf = options.csrf ?? true;
    if (typeof csrf === 'string') headers['x-csrf-token'] = csrf;
    else if (csrf && this.csrf !== undefined && method !== 'GET') headers['x-csrf-token'] = this.csrf;
    const response = await fetch(new URL(path, this.base), {
      method,
      headers,
      redirect: 'manual',
      ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      // Not JSON (the page, a script): the text.
    }
    return { status: response.status, headers: response.headers, body };
  }
}
