/** The one table from domain refusals to the model's errors. */
import { DomainError, type DomainErrorKind } from '../domain/shared/domain-error.ts';
import { ServiceError } from '../protocol/errors.ts';
import type { CompiledService } from '../protocol/service.ts';
import { fieldNames } from './field-names.ts';

const BY_KIND: Record<DomainErrorKind, string> = {
  invalid: 'BadRequestException',
  'not-found': 'NotFoundException',
  'limit-exceeded': 'ResourceLimitExceededException',
  conflict: 'ConflictException',
};

/**
 * Domain errors become modelled errors, their fields named as the request's model names them; anything else passes
 * through for the serializer to judge.
 */
export function toServiceError(error: unknown, service?: CompiledService): unknown {
  return error instanceof DomainError ? new ServiceError(BY_KIND[error.kind], error.describe(fieldNames(service))) : error;
}
