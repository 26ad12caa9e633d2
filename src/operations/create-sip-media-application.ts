import type { SipMediaApplicationService } from '../domain/sip/sip-media-application-service.ts';
import { fromEndpoints, toSipMediaApplication } from './mappers/sip.ts';
import type { VoiceHandler } from './voice-handler.ts';
import { voiceRegions } from './voice-regions.ts';

/** `POST /sip-media-applications` → 201 with the new application; `AwsRegion` one of the model's voice connector regions. */
export function createSipMediaApplication(applications: SipMediaApplicationService): VoiceHandler<'CreateSipMediaApplication'> {
  return async (input, context) => {
    const application = await applications.create(
      context.accountId,
      {
        name: input.Name,
        awsRegion: input.AwsRegion,
        endpoints: fromEndpoints(input.Endpoints),
        tags: input.Tags?.map((tag) => ({ key: tag.Key, value: tag.Value })),
      },
      voiceRegions(context.service),
    );
    return { SipMediaApplication: toSipMediaApplication(application) };
  };
}
