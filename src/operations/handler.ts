/** What an operation handler is: typed input from the model, typed output back; no HTTP anywhere. */
import type { ChimeOperationName, ChimeOperations } from '../generated/chime.ts';

export interface RequestContext {
  /** The account that the verified credentials belong to. */
  accountId: string;
  requestId: string;
  /** The region of the request's SigV4 scope. */
  region: string;
}

export type Handler<K extends ChimeOperationName> = (
  input: ChimeOperations[K]['input'],
  context: RequestContext,
) => Promise<ChimeOperations[K]['output']>;

export type ChimeHandlers = { [K in ChimeOperationName]?: Handler<K> };
