/** The test-mode controls of state through a real HTTP client (fetch): reset, and the simulated carrier's rules. */
import assert from 'node:assert/strict';

/** What `POST /_dialtone/reset` answers. */
export interface ResetAnswer {
  reset: 'account' | 'all';
  accountId?: string;
  removed: Record<string, number>;
}

/** What `/_dialtone/carrier` answers. */
export interface CarrierAnswer {
  source: 'configuration' | 'runtime';
  rules: { latencyMs: number; failNumbers: string[]; failPrefixes: string[]; failRate: number; seed: string };
}

/** An answer's status and JSON body. */
export async function call(url: string, init: RequestInit = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

/** Resets one account (body `{"accountId"}`) or every account; fails unless answered 200. */
export async function resetState(server: { url: string }, accountId?: string): Promise<ResetAnswer> {
  const init: RequestInit = accountId === undefined ? { method: 'POST' } : { method: 'POST', body: JSON.stringify({ accountId }) };
  const { status, body } = await call(`${server.url}/_dialtone/reset`, init);
  assert.equal(status, 200, JSON.stringify(body));
  return body as unknown as ResetAnswer;
}

/** Sets the carrier's rules (`PUT`), or with `undefined` goes back to the configuration's (`DELETE`); fails unless 200. */
export async function setCarrier(server: { url: string }, rules: Record<string, unknown> | undefined): Promise<CarrierAnswer> {
  const init: RequestInit = rules === undefined ? { method: 'DELETE' } : { method: 'PUT', body: JSON.stringify(rules) };
  const { status, body } = await call(`${server.url}/_dialtone/carrier`, init);
  assert.equal(status, 200, JSON.stringify(body));
  return body as unknown as CarrierAnswer;
}

/** The carrier's rules in force. */
export async function readCarrier(server: { url: string }): Promise<CarrierAnswer> {
  const { status, body } = await call(`${server.url}/_dialtone/carrier`);
  assert.equal(status, 200, JSON.stringify(body));
  return body as unknown as CarrierAnswer;
}
