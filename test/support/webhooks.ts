/** Helpers for webhook tests: the signed admin API under /_dialtone/webhooks. */
import assert from 'node:assert/strict';
import { sendRaw, type RawResponse } from './raw-request.ts';

export interface Creds {
  accessKeyId: string;
  secretAccessKey: string;
}

/** Sends a signed admin request; `body` is JSON-encoded. */
export function webhookApi(server: { url: string }, creds: Creds, method: string, path = '', body?: unknown): Promise<RawResponse> {
  return sendRaw(server.url, {
    method,
    target: `/_dialtone/webhooks${path}`,
    ...(body !== undefined && { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    sign: creds,
  });
}

/** Creates a subscription; answers its id and secret. */
export async function subscribe(server: { url: string }, creds: Creds, input: Record<string, unknown>): Promise<{ id: string; secret: string }> {
  const res = await webhookApi(server, creds, 'POST', '', input);
  assert.equal(res.status, 201, res.body);
  const body = res.json() as { subscription: { id: string }; secret: string };
  return { id: body.subscription.id, secret: body.secret };
}
