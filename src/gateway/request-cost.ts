/**
 * What a request costs in throttle tokens, read from its operation and query before anything is parsed: most cost 1;
 * those whose work grows with the page they ask for cost by its size, so that an account cannot spend the server's CPU
 * on large searches at the rate it may make small requests.
 * - `SearchAvailablePhoneNumbers`: one token per 100 results asked (`max-results`, default 100): 1 to 5;
 * - `ListPhoneNumbers`, `ListPhoneNumberOrders`: one token per 50 items asked (`max-results`, default the model's
 *   largest page, 99 or 100): 1 or 2.
 * A value that is not a number costs like the default (validation refuses it afterwards).
 */
import { boundsOf, type CompiledOperation } from '../protocol/service.ts';

const PER_TOKEN: Readonly<Record<string, { items: number; default: number | 'largest' }>> = {
  SearchAvailablePhoneNumbers: { items: 100, default: 100 },
  ListPhoneNumbers: { items: 50, default: 'largest' },
  ListPhoneNumberOrders: { items: 50, default: 'largest' },
};

/** @example costOf(search, new Map([['max-results', ['500']]])) → 5 */
export function costOf(operation: CompiledOperation, query: Map<string, string[]>): number {
  const rule = PER_TOKEN[operation.name];
  if (rule === undefined) return 1;
  const { min = 1, max } = boundsOf(operation, 'MaxResults');
  const fallback = rule.default === 'largest' ? (max ?? rule.items) : rule.default;
  const asked = Number(query.get('max-results')?.[0]);
  const size = Number.isInteger(asked) && asked >= min && (max === undefined || asked <= max) ? asked : fallback;
  return Math.max(1, Math.ceil(size / rule.items));
}
