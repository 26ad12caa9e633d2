/**
 * IAM-style action matching for access keys. An action is `service:Operation` (`chime:CreatePhoneNumberOrder`);
 * a pattern may use `*` (any run of characters) and `?` (one character) and matches case-insensitively, as IAM does.
 * An explicit deny wins; a key without an allow list may do everything that is not denied.
 */
import type { KeyPolicy } from './credentials.ts';

const compiled = new Map<string, RegExp>();

/** Whether `pattern` matches `action`. @example actionMatches('chime:Get*', 'chime:GetPhoneNumberOrder') → true */
export function actionMatches(pattern: string, action: string): boolean {
  let regex = compiled.get(pattern);
  if (regex === undefined) {
    const body = pattern
      .split('')
      .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
      .join('');
    regex = new RegExp(`^${body}$`, 'is');
    if (compiled.size > 10_000) compiled.clear();
    compiled.set(pattern, regex);
  }
  return regex.test(action);
}

/** Whether the policy lets its key perform `action`. */
export function isActionAllowed(policy: KeyPolicy | undefined, action: string): boolean {
  if (policy === undefined) return true;
  if (policy.deny?.some((pattern) => actionMatches(pattern, action))) return false;
  if (policy.allow === undefined) return true;
  return policy.allow.some((pattern) => actionMatches(pattern, action));
}

/** What an action pattern may look like: `*`, or `service:` followed by letters, digits, `*` and `?`. */
export const ACTION_PATTERN = /^(\*|[A-Za-z0-9-]+:[A-Za-z0-9*?]+)$/;
