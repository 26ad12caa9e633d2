import type { SipMediaApplicationService } from '../domain/sip/sip-media-application-service.ts';
import { toSipMediaApplication } from './mappers/sip.ts';
import { pageSize } from './page-size.ts';
import type { VoiceHandler } from './voice-handler.ts';

/** `GET /sip-media-applications`: the account's applications, oldest first, paged by an opaque `NextToken`. */
export function listSipMediaApplications(applications: SipMediaApplicationService): VoiceHandler<'ListSipMediaApplications'> {
  return async (input, context) => {
    const page = await applications.list(context.accountId, { maxResults: pageSize(input.MaxResults, context), nextToken: input.NextToken });
    return { SipMediaApplications: page.items.map(toSipMediaApplication), NextToken: page.nextToken };
  };
}
