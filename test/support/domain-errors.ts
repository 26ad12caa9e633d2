/** Assertions on the domain's refusals, for unit tests of its rules. */
import assert from 'node:assert/strict';
import { DomainError } from '../../src/domain/shared/domain-error.ts';

/**
 * Asserts that `run` throws a `DomainError` of `kind` whose message (its fields named by their keys) matches
 * `message`, and answers it, for checks of what the message must not say.
 */
export function refuses(run: () => unknown, message: RegExp, kind: DomainError['kind'] = 'invalid'): DomainError {
  let caught: unknown;
  assert.throws(run, (error: unknown) => {
    caught = error;
    return error instanceof DomainError && error.kind === kind && message.test(error.describe((field) => field));
  });
  return caught as DomainError;
}
