/** Why a domain rule refused a request. Operations map kinds to the model's errors in one table. */
export type DomainErrorKind = 'invalid' | 'not-found' | 'limit-exceeded' | 'conflict';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
