/** The one table from domain refusals to the model's errors. */
import { DomainError, type DomainErrorKind } from '../domain/shared/domain-error.ts';
import { ServiceError } from '../protocol/errors.ts';
import type { CompiledOperation, CompiledService } from '../protocol/service.ts';
import { fieldNames } from './field-names.ts';

const BY_KIND: Record<DomainErrorKind, string> = {
  invalid: 'BadRequestException',
  'not-found': 'NotFoundException',
  'limit-exceeded': 'ResourceLimitExceededException',
  conflict: 'ConflictException',
  forbidden: 'ForbiddenException',
};

/**
 * Domain errors become modelled errors, their fields named as the request's model names them; anything else passes
 * through for the serializer to judge.
 */
export function toServiceError(error: unknown, service?: CompiledService): unknown {
  return error instanceof DomainError ? new ServiceError(BY_KIND[error.kind], error.describe(fieldNames(service))) : error;
}

const FALLBACK = 'BadRequestException';

/**
 * A domain refusal as the request's operation lists its errors: the error of its kind where the operation's model lists
 * it, else `BadRequestException` (an unknown connector among the items of `CreateVoiceConnectorGroup`, whose model lists
 * no `NotFoundException`, is a bad request; in `UpdateVoiceConnectorGroup`, which lists it, it is not found). Anything
 * else passes through.
 */
export function toOperationError(error: unknown, context: { service: CompiledService; operation: CompiledOperation }): unknown {
  if (!(error instanceof DomainError)) return error;
  const type = BY_KIND[error.kind];
  const listed = context.service.model.operations[context.operation.name]?.errors ?? [];
  const modelled = listed.some((e) => e.shape === type) ? type : FALLBACK;
  return new ServiceError(modelled, error.describe(fieldNames(context.service)));
}
