/** dialtone's own endpoints under `/_dialtone/`, outside the AWS route table. */
import type { WireResponse } from '../protocol/serialize.ts';
import { ServiceError } from '../protocol/errors.ts';

export const ADMIN_PREFIX = '/_dialtone/';

export interface AdminOptions {
  /** Resolves when the service can take requests (database answers). */
  health(): Promise<void>;
}

export async function handleAdmin(method: string, path: string, options: AdminOptions): Promise<WireResponse> {
  if (path === `${ADMIN_PREFIX}health`) {
    if (method !== 'GET' && method !== 'HEAD') {
      throw new ServiceError('MethodNotAllowedException', `${method} is not allowed on ${path}; use GET`, 405);
    }
    await options.health();
    return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'ok' }) };
  }
  throw new ServiceError('UnknownOperationException', `No dialtone endpoint at ${path}`, 404);
}
