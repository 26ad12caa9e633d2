/**
 * The ways request authentication fails, named like the AWS error codes clients already understand.
 * Every one of them is answered with HTTP 403.
 */
export type AuthErrorType =
  | 'MissingAuthenticationTokenException'
  | 'IncompleteSignatureException'
  | 'InvalidSignatureException'
  | 'UnrecognizedClientException';

/** A request that could not be authenticated; `type` is the AWS error code, `message` the AWS-like text. */
export class AuthError extends Error {
  readonly status = 403;

  constructor(
    readonly type: AuthErrorType,
    message: string,
  ) {
    super(message);
    this.name = 'AuthError';
  }
}
