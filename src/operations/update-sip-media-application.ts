import type { SipMediaApplicationService } from '../domain/sip/sip-media-application-service.ts';
import { fromEndpoints, toSipMediaApplication } from './mappers/sip.ts';
import type { VoiceHandler } from './voice-handler.ts';

/** `PUT /sip-media-applications/{sipMediaApplicationId}`: sets `Name` and/or `Endpoints` (both optional in the model). */
export function updateSipMediaApplication(applications: SipMediaApplicationService): VoiceHandler<'UpdateSipMediaApplication'> {
  return async (input, context) => {
    const application = await applications.update(context.accountId, input.SipMediaApplicationId, {
      ...(input.Name !== undefined && { name: input.Name }),
      ...(input.Endpoints !== undefined && { endpoints: fromEndpoints(input.Endpoints) }),
    });
    return { SipMediaApplication: toSipMediaApplication(application) };
  };
}
