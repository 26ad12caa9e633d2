/** What an operation handler is: typed input from the model, typed output back; no HTTP anywhere. */
import type { ChimeOperationName } from '../generated/chime.ts';
import type { CompiledOperation, CompiledService } from '../protocol/service.ts';
import type { OperationInput, OperationOutput } from './either-model.ts';

export interface RequestContext {
  /** The account that the verified credentials belong to. */
  accountId: string;
  requestId: string;
  /** The region of the request's SigV4 scope. */
  region: string;
  /**
   * The model that answers this request (legacy `chime` or `chime-sdk-voice`) and its operation. Wire facts a handler
   * needs (the bounds of `MaxResults`, member names for messages) are read from them, so one handler serves either model.
   */
  service: CompiledService;
  operation: CompiledOperation;
}

/** Typed from both models (see `either-model.ts`): voice-only members such as `Name` are in the types, optional. */
export type Handler<K extends ChimeOperationName> = (input: OperationInput<K>, context: RequestContext) => Promise<OperationOutput<K>>;

export type ChimeHandlers = { [K in ChimeOperationName]?: Handler<K> };
