/**
 * Page sizes when a request gives no `MaxResults`. The model states only the range of `MaxResults`, per operation and
 * per model; the default is dialtone's choice, made here and nowhere else:
 * - `ListPhoneNumberOrders`, `ListPhoneNumbers`: the largest page the request's model allows (99 in chime 2018-05-01,
 *   100 in chime-sdk-voice 2022-08-03), so that a caller that never pages sees as much as it can;
 * - `SearchAvailablePhoneNumbers`: 100 numbers (its models allow up to 500; a search costs by the numbers it finds);
 * - `ListVoiceConnectors`, `ListVoiceConnectorGroups`, `ListSipMediaApplications`, `ListSipRules`,
 *   `ListVoiceProfileDomains`, `ListProxySessions`, `ListVoiceProfiles`: the largest page of the request's model (99 or
 *   100), as above.
 */
import { boundsOf } from '../protocol/service.ts';
import type { RequestContext } from './handler.ts';

/** The default page size of each paged operation: `'largest'` for the model's maximum, or a number of items. */
const DEFAULT_PAGE_SIZES: Readonly<Record<string, 'largest' | number>> = {
  ListPhoneNumberOrders: 'largest',
  ListPhoneNumbers: 'largest',
  SearchAvailablePhoneNumbers: 100,
  ListVoiceConnectors: 'largest',
  ListVoiceConnectorGroups: 'largest',
  ListSipMediaApplications: 'largest',
  ListSipRules: 'largest',
  ListVoiceProfileDomains: 'largest',
  ListProxySessions: 'largest',
  ListVoiceProfiles: 'largest',
};

/**
 * The page size of a request: its `MaxResults` (already checked against the model), else the default of its operation
 * within the bounds of its model.
 * @throws Error for an operation without a `MaxResults` member or without a default here
 */
export function pageSize(requested: number | undefined, context: Pick<RequestContext, 'operation'>): number {
  if (requested !== undefined) return requested;
  const { operation } = context;
  const chosen = DEFAULT_PAGE_SIZES[operation.name];
  if (chosen === undefined) throw new Error(`${operation.name} has no default page size`);
  const { min = 1, max } = boundsOf(operation, 'MaxResults');
  if (chosen === 'largest') {
    if (max === undefined) throw new Error(`${operation.name}: the model states no maximum of MaxResults`);
    return max;
  }
  return Math.max(min, max === undefined ? chosen : Math.min(chosen, max));
}
