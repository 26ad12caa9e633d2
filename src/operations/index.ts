/** The operations dialtone implements, wired to their domain services. The rest of the model answers "not implemented". */
import type { GlobalSettingsService } from '../domain/global-settings/global-settings-service.ts';
import type { InventoryService } from '../domain/inventory/inventory-service.ts';
import type { OrderService } from '../domain/orders/order-service.ts';
import type { PhoneNumberService } from '../domain/phone-numbers/phone-number-service.ts';
import type { PhoneNumberSettingsService } from '../domain/phone-numbers/phone-number-settings-service.ts';
import type { SipMediaApplicationService } from '../domain/sip/sip-media-application-service.ts';
import type { SipRuleService } from '../domain/sip/sip-rule-service.ts';
import type { TagService } from '../domain/tags/tag-service.ts';
import type { NumberAssociationService } from '../domain/voice-connectors/number-association-service.ts';
import type { VoiceConnectorGroupService } from '../domain/voice-connectors/voice-connector-group-service.ts';
import type { VoiceConnectorService } from '../domain/voice-connectors/voice-connector-service.ts';
import type { VoiceConnectorSettingsService } from '../domain/voice-connectors/voice-connector-settings-service.ts';
import type { VoiceProfileDomainService } from '../domain/voice-profile-domains/voice-profile-domain-service.ts';
import type { ProxySessionService } from '../domain/proxy-sessions/proxy-session-service.ts';
import type { SipMediaApplicationCallService } from '../domain/sip/sip-media-application-call-service.ts';
import type { VoiceAnalyticsTaskService } from '../domain/voice-analytics/voice-analytics-task-service.ts';
import type { VoiceProfileService } from '../domain/voice-analytics/voice-profile-service.ts';
import { associatePhoneNumbersWithVoiceConnector } from './associate-phone-numbers-with-voice-connector.ts';
import { associatePhoneNumbersWithVoiceConnectorGroup } from './associate-phone-numbers-with-voice-connector-group.ts';
import { batchDeletePhoneNumber } from './batch-delete-phone-number.ts';
import { batchUpdatePhoneNumber } from './batch-update-phone-number.ts';
import { createPhoneNumberOrder } from './create-phone-number-order.ts';
import { createSipMediaApplication } from './create-sip-media-application.ts';
import { createSipRule } from './create-sip-rule.ts';
import { createVoiceConnector } from './create-voice-connector.ts';
import { createVoiceConnectorGroup } from './create-voice-connector-group.ts';
import { createVoiceProfileDomain } from './create-voice-profile-domain.ts';
import { createProxySession } from './create-proxy-session.ts';
import { createSipMediaApplicationCall } from './create-sip-media-application-call.ts';
import { updateSipMediaApplicationCall } from './update-sip-media-application-call.ts';
import { deleteProxySession } from './delete-proxy-session.ts';
import { getProxySession } from './get-proxy-session.ts';
import { listProxySessions } from './list-proxy-sessions.ts';
import { updateProxySession } from './update-proxy-session.ts';
import { deletePhoneNumber } from './delete-phone-number.ts';
import { deleteSipMediaApplication } from './delete-sip-media-application.ts';
import { deleteSipRule } from './delete-sip-rule.ts';
import { deleteVoiceConnectorEmergencyCallingConfiguration } from './delete-voice-connector-emergency-calling-configuration.ts';
import { deleteVoiceConnectorProxy } from './delete-voice-connector-proxy.ts';
import { deleteVoiceConnectorExternalSystemsConfiguration } from './delete-voice-connector-external-systems-configuration.ts';
import { getVoiceConnectorExternalSystemsConfiguration } from './get-voice-connector-external-systems-configuration.ts';
import { putVoiceConnectorExternalSystemsConfiguration } from './put-voice-connector-external-systems-configuration.ts';
import { deleteVoiceConnector } from './delete-voice-connector.ts';
import { deleteVoiceConnectorGroup } from './delete-voice-connector-group.ts';
import { deleteVoiceProfileDomain } from './delete-voice-profile-domain.ts';
import { disassociatePhoneNumbersFromVoiceConnector } from './disassociate-phone-numbers-from-voice-connector.ts';
import { disassociatePhoneNumbersFromVoiceConnectorGroup } from './disassociate-phone-numbers-from-voice-connector-group.ts';
import { getGlobalSettings } from './get-global-settings.ts';
import { getPhoneNumber } from './get-phone-number.ts';
import { getPhoneNumberOrder } from './get-phone-number-order.ts';
import { getPhoneNumberSettings } from './get-phone-number-settings.ts';
import { getSipMediaApplicationLoggingConfiguration } from './get-sip-media-application-logging-configuration.ts';
import { getSipMediaApplication } from './get-sip-media-application.ts';
import { getSipRule } from './get-sip-rule.ts';
import { getVoiceConnectorEmergencyCallingConfiguration } from './get-voice-connector-emergency-calling-configuration.ts';
import { getVoiceConnectorProxy } from './get-voice-connector-proxy.ts';
import { getVoiceConnectorTerminationHealth } from './get-voice-connector-termination-health.ts';
import { getVoiceConnector } from './get-voice-connector.ts';
import { getVoiceConnectorGroup } from './get-voice-connector-group.ts';
import type { ChimeHandlers } from './handler.ts';
import { getVoiceProfileDomain } from './get-voice-profile-domain.ts';
import { listAvailableVoiceConnectorRegions } from './list-available-voice-connector-regions.ts';
import { listPhoneNumberOrders } from './list-phone-number-orders.ts';
import { listPhoneNumbers } from './list-phone-numbers.ts';
import { listSipMediaApplications } from './list-sip-media-applications.ts';
import { listSipRules } from './list-sip-rules.ts';
import { listSupportedPhoneNumberCountries } from './list-supported-phone-number-countries.ts';
import { listTagsForResource } from './list-tags-for-resource.ts';
import { listVoiceConnectorGroups } from './list-voice-connector-groups.ts';
import { listVoiceConnectors } from './list-voice-connectors.ts';
import { listVoiceProfileDomains } from './list-voice-profile-domains.ts';
import { putSipMediaApplicationLoggingConfiguration } from './put-sip-media-application-logging-configuration.ts';
import { putVoiceConnectorEmergencyCallingConfiguration } from './put-voice-connector-emergency-calling-configuration.ts';
import { putVoiceConnectorProxy } from './put-voice-connector-proxy.ts';
import { restorePhoneNumber } from './restore-phone-number.ts';
import { searchAvailablePhoneNumbers } from './search-available-phone-numbers.ts';
import { tagResource } from './tag-resource.ts';
import { untagResource } from './untag-resource.ts';
import { updateGlobalSettings } from './update-global-settings.ts';
import { updatePhoneNumber } from './update-phone-number.ts';
import { updatePhoneNumberSettings } from './update-phone-number-settings.ts';
import { updateSipMediaApplication } from './update-sip-media-application.ts';
import { updateSipRule } from './update-sip-rule.ts';
import { updateVoiceConnector } from './update-voice-connector.ts';
import { updateVoiceConnectorGroup } from './update-voice-connector-group.ts';
import { getVoiceConnectorOrigination } from './get-voice-connector-origination.ts';
import { putVoiceConnectorOrigination } from './put-voice-connector-origination.ts';
import { deleteVoiceConnectorOrigination } from './delete-voice-connector-origination.ts';
import { getVoiceConnectorTermination } from './get-voice-connector-termination.ts';
import { putVoiceConnectorTermination } from './put-voice-connector-termination.ts';
import { deleteVoiceConnectorTermination } from './delete-voice-connector-termination.ts';
import { putVoiceConnectorTerminationCredentials } from './put-voice-connector-termination-credentials.ts';
import { listVoiceConnectorTerminationCredentials } from './list-voice-connector-termination-credentials.ts';
import { deleteVoiceConnectorTerminationCredentials } from './delete-voice-connector-termination-credentials.ts';
import { getVoiceConnectorLoggingConfiguration } from './get-voice-connector-logging-configuration.ts';
import { putVoiceConnectorLoggingConfiguration } from './put-voice-connector-logging-configuration.ts';
import { getVoiceConnectorStreamingConfiguration } from './get-voice-connector-streaming-configuration.ts';
import { putVoiceConnectorStreamingConfiguration } from './put-voice-connector-streaming-configuration.ts';
import { deleteVoiceConnectorStreamingConfiguration } from './delete-voice-connector-streaming-configuration.ts';
import { updateVoiceProfileDomain } from './update-voice-profile-domain.ts';
import { validateE911Address } from './validate-e911-address.ts';
import { getSpeakerSearchTask } from './get-speaker-search-task.ts';
import { getVoiceToneAnalysisTask } from './get-voice-tone-analysis-task.ts';
import { startSpeakerSearchTask } from './start-speaker-search-task.ts';
import { startVoiceToneAnalysisTask } from './start-voice-tone-analysis-task.ts';
import { stopSpeakerSearchTask } from './stop-speaker-search-task.ts';
import { stopVoiceToneAnalysisTask } from './stop-voice-tone-analysis-task.ts';
import { createVoiceProfile } from './create-voice-profile.ts';
import { deleteVoiceProfile } from './delete-voice-profile.ts';
import { getVoiceProfile } from './get-voice-profile.ts';
import { listVoiceProfiles } from './list-voice-profiles.ts';
import { updateVoiceProfile } from './update-voice-profile.ts';
import { servedByEitherModel } from './voice-handler.ts';

export interface Services {
  orders: OrderService;
  inventory: InventoryService;
  /** The owned-number inventory (list, get, update, delete, restore); its operations exist when it is given. */
  phoneNumbers?: PhoneNumberService;
  /** The account's phone-number settings; its operations exist when it is given. */
  phoneNumberSettings?: PhoneNumberSettingsService;
  /** Voice connectors; their operations (and `ListAvailableVoiceConnectorRegions`) exist when it is given. */
  voiceConnectors?: VoiceConnectorService;
  /** Voice connector groups; their operations exist when it is given. */
  voiceConnectorGroups?: VoiceConnectorGroupService;
  /** SIP media applications; their operations exist when it is given. */
  sipMediaApplications?: SipMediaApplicationService;
  /** SIP rules; their operations exist when it is given. */
  sipRules?: SipRuleService;
  /** Numbers on voice connectors and groups; the four associate/disassociate operations exist when it is given. */
  numberAssociations?: NumberAssociationService;
  /** Voice connectors' origination, termination, termination credentials, logging, streaming, emergency calling, proxy and external systems; their operations exist when it is given. */
  voiceConnectorSettings?: VoiceConnectorSettingsService;
  /** The account's global settings (call detail record buckets); their two operations exist when it is given. */
  globalSettings?: GlobalSettingsService;
  /** Voice profile domains (chime-sdk-voice only); their five operations exist when it is given. */
  voiceProfileDomains?: VoiceProfileDomainService;
  /** Voice connectors' proxy sessions; their five operations exist when it is given. */
  proxySessions?: ProxySessionService;
  /** SIP media applications' outbound calls; their two operations exist when it is given. */
  sipMediaApplicationCalls?: SipMediaApplicationCallService;
  /** Voice connectors' speaker search and voice tone analysis tasks (chime-sdk-voice only); their six operations exist when it is given. */
  voiceAnalyticsTasks?: VoiceAnalyticsTaskService;
  /** Voice profiles enrolled from speaker searches (chime-sdk-voice only); their five operations exist when it is given. */
  voiceProfiles?: VoiceProfileService;
  /** Tags of voice connectors, SIP media applications and voice profile domains; the three tag operations exist when it is given. */
  tags?: TagService;
}

export function chimeHandlers(services: Services): ChimeHandlers {
  const { phoneNumbers, phoneNumberSettings, voiceConnectors, voiceConnectorGroups, sipMediaApplications, sipRules, numberAssociations, voiceConnectorSettings, globalSettings, voiceProfileDomains, proxySessions, sipMediaApplicationCalls, voiceAnalyticsTasks, voiceProfiles, tags } = services;
  return {
    CreatePhoneNumberOrder: createPhoneNumberOrder(services.orders),
    GetPhoneNumberOrder: getPhoneNumberOrder(services.orders),
    ListPhoneNumberOrders: listPhoneNumberOrders(services.orders),
    SearchAvailablePhoneNumbers: searchAvailablePhoneNumbers(services.inventory),
    ListSupportedPhoneNumberCountries: listSupportedPhoneNumberCountries(services.inventory),
    ...(phoneNumbers && {
      ListPhoneNumbers: listPhoneNumbers(phoneNumbers),
      GetPhoneNumber: getPhoneNumber(phoneNumbers),
      UpdatePhoneNumber: updatePhoneNumber(phoneNumbers),
      BatchUpdatePhoneNumber: batchUpdatePhoneNumber(phoneNumbers),
      DeletePhoneNumber: deletePhoneNumber(phoneNumbers),
      BatchDeletePhoneNumber: batchDeletePhoneNumber(phoneNumbers),
      RestorePhoneNumber: restorePhoneNumber(phoneNumbers),
    }),
    ...(phoneNumberSettings && {
      GetPhoneNumberSettings: getPhoneNumberSettings(phoneNumberSettings),
      UpdatePhoneNumberSettings: updatePhoneNumberSettings(phoneNumberSettings),
    }),
    ...(voiceConnectors &&
      servedByEitherModel({
        CreateVoiceConnector: createVoiceConnector(voiceConnectors),
        GetVoiceConnector: getVoiceConnector(voiceConnectors),
        ListVoiceConnectors: listVoiceConnectors(voiceConnectors),
        UpdateVoiceConnector: updateVoiceConnector(voiceConnectors),
        DeleteVoiceConnector: deleteVoiceConnector(voiceConnectors),
        ListAvailableVoiceConnectorRegions: listAvailableVoiceConnectorRegions(),
      })),
    ...(voiceConnectorGroups &&
      servedByEitherModel({
        CreateVoiceConnectorGroup: createVoiceConnectorGroup(voiceConnectorGroups),
        GetVoiceConnectorGroup: getVoiceConnectorGroup(voiceConnectorGroups),
        ListVoiceConnectorGroups: listVoiceConnectorGroups(voiceConnectorGroups),
        UpdateVoiceConnectorGroup: updateVoiceConnectorGroup(voiceConnectorGroups),
        DeleteVoiceConnectorGroup: deleteVoiceConnectorGroup(voiceConnectorGroups),
      })),
    ...(sipMediaApplications &&
      servedByEitherModel({
        CreateSipMediaApplication: createSipMediaApplication(sipMediaApplications),
        GetSipMediaApplication: getSipMediaApplication(sipMediaApplications),
        ListSipMediaApplications: listSipMediaApplications(sipMediaApplications),
        UpdateSipMediaApplication: updateSipMediaApplication(sipMediaApplications),
        DeleteSipMediaApplication: deleteSipMediaApplication(sipMediaApplications),
        GetSipMediaApplicationLoggingConfiguration: getSipMediaApplicationLoggingConfiguration(sipMediaApplications),
        PutSipMediaApplicationLoggingConfiguration: putSipMediaApplicationLoggingConfiguration(sipMediaApplications),
      })),
    ...(sipRules &&
      servedByEitherModel({
        CreateSipRule: createSipRule(sipRules),
        GetSipRule: getSipRule(sipRules),
        ListSipRules: listSipRules(sipRules),
        UpdateSipRule: updateSipRule(sipRules),
        DeleteSipRule: deleteSipRule(sipRules),
      })),
    ...(numberAssociations &&
      servedByEitherModel({
        AssociatePhoneNumbersWithVoiceConnector: associatePhoneNumbersWithVoiceConnector(numberAssociations),
        DisassociatePhoneNumbersFromVoiceConnector: disassociatePhoneNumbersFromVoiceConnector(numberAssociations),
        AssociatePhoneNumbersWithVoiceConnectorGroup: associatePhoneNumbersWithVoiceConnectorGroup(numberAssociations),
        DisassociatePhoneNumbersFromVoiceConnectorGroup: disassociatePhoneNumbersFromVoiceConnectorGroup(numberAssociations),
      })),
    ...(globalSettings && {
      GetGlobalSettings: getGlobalSettings(globalSettings),
      UpdateGlobalSettings: updateGlobalSettings(globalSettings),
    }),
    ...(voiceConnectorSettings &&
      servedByEitherModel({
        GetVoiceConnectorOrigination: getVoiceConnectorOrigination(voiceConnectorSettings),
        PutVoiceConnectorOrigination: putVoiceConnectorOrigination(voiceConnectorSettings),
        DeleteVoiceConnectorOrigination: deleteVoiceConnectorOrigination(voiceConnectorSettings),
        GetVoiceConnectorTermination: getVoiceConnectorTermination(voiceConnectorSettings),
        PutVoiceConnectorTermination: putVoiceConnectorTermination(voiceConnectorSettings),
        DeleteVoiceConnectorTermination: deleteVoiceConnectorTermination(voiceConnectorSettings),
        GetVoiceConnectorTerminationHealth: getVoiceConnectorTerminationHealth(voiceConnectorSettings),
        PutVoiceConnectorTerminationCredentials: putVoiceConnectorTerminationCredentials(voiceConnectorSettings),
        ListVoiceConnectorTerminationCredentials: listVoiceConnectorTerminationCredentials(voiceConnectorSettings),
        DeleteVoiceConnectorTerminationCredentials: deleteVoiceConnectorTerminationCredentials(voiceConnectorSettings),
        GetVoiceConnectorLoggingConfiguration: getVoiceConnectorLoggingConfiguration(voiceConnectorSettings),
        PutVoiceConnectorLoggingConfiguration: putVoiceConnectorLoggingConfiguration(voiceConnectorSettings),
        GetVoiceConnectorStreamingConfiguration: getVoiceConnectorStreamingConfiguration(voiceConnectorSettings),
        PutVoiceConnectorStreamingConfiguration: putVoiceConnectorStreamingConfiguration(voiceConnectorSettings),
        DeleteVoiceConnectorStreamingConfiguration: deleteVoiceConnectorStreamingConfiguration(voiceConnectorSettings),
        GetVoiceConnectorEmergencyCallingConfiguration: getVoiceConnectorEmergencyCallingConfiguration(voiceConnectorSettings),
        PutVoiceConnectorEmergencyCallingConfiguration: putVoiceConnectorEmergencyCallingConfiguration(voiceConnectorSettings),
        DeleteVoiceConnectorEmergencyCallingConfiguration: deleteVoiceConnectorEmergencyCallingConfiguration(voiceConnectorSettings),
        GetVoiceConnectorProxy: getVoiceConnectorProxy(voiceConnectorSettings),
        PutVoiceConnectorProxy: putVoiceConnectorProxy(voiceConnectorSettings),
        DeleteVoiceConnectorProxy: deleteVoiceConnectorProxy(voiceConnectorSettings),
        GetVoiceConnectorExternalSystemsConfiguration: getVoiceConnectorExternalSystemsConfiguration(voiceConnectorSettings),
        PutVoiceConnectorExternalSystemsConfiguration: putVoiceConnectorExternalSystemsConfiguration(voiceConnectorSettings),
        DeleteVoiceConnectorExternalSystemsConfiguration: deleteVoiceConnectorExternalSystemsConfiguration(voiceConnectorSettings),
      })),
    ...(voiceProfileDomains &&
      servedByEitherModel({
        CreateVoiceProfileDomain: createVoiceProfileDomain(voiceProfileDomains),
        GetVoiceProfileDomain: getVoiceProfileDomain(voiceProfileDomains),
        ListVoiceProfileDomains: listVoiceProfileDomains(voiceProfileDomains),
        UpdateVoiceProfileDomain: updateVoiceProfileDomain(voiceProfileDomains),
        DeleteVoiceProfileDomain: deleteVoiceProfileDomain(voiceProfileDomains),
      })),
    ...(proxySessions &&
      servedByEitherModel({
        CreateProxySession: createProxySession(proxySessions),
        GetProxySession: getProxySession(proxySessions),
        ListProxySessions: listProxySessions(proxySessions),
        UpdateProxySession: updateProxySession(proxySessions),
        DeleteProxySession: deleteProxySession(proxySessions),
      })),
    ...(sipMediaApplicationCalls &&
      servedByEitherModel({
        CreateSipMediaApplicationCall: createSipMediaApplicationCall(sipMediaApplicationCalls),
        UpdateSipMediaApplicationCall: updateSipMediaApplicationCall(sipMediaApplicationCalls),
      })),
    ...(voiceAnalyticsTasks &&
      servedByEitherModel({
        StartSpeakerSearchTask: startSpeakerSearchTask(voiceAnalyticsTasks),
        GetSpeakerSearchTask: getSpeakerSearchTask(voiceAnalyticsTasks),
        StopSpeakerSearchTask: stopSpeakerSearchTask(voiceAnalyticsTasks),
        StartVoiceToneAnalysisTask: startVoiceToneAnalysisTask(voiceAnalyticsTasks),
        GetVoiceToneAnalysisTask: getVoiceToneAnalysisTask(voiceAnalyticsTasks),
        StopVoiceToneAnalysisTask: stopVoiceToneAnalysisTask(voiceAnalyticsTasks),
      })),
    ...(voiceProfiles &&
      servedByEitherModel({
        CreateVoiceProfile: createVoiceProfile(voiceProfiles),
        GetVoiceProfile: getVoiceProfile(voiceProfiles),
        ListVoiceProfiles: listVoiceProfiles(voiceProfiles),
        UpdateVoiceProfile: updateVoiceProfile(voiceProfiles),
        DeleteVoiceProfile: deleteVoiceProfile(voiceProfiles),
      })),
    ...servedByEitherModel({ ValidateE911Address: validateE911Address() }),
    ...(tags &&
      servedByEitherModel({
        TagResource: tagResource(tags),
        UntagResource: untagResource(tags),
        ListTagsForResource: listTagsForResource(tags),
      })),
  };
}

export type { ChimeHandlers, RequestContext } from './handler.ts';
export { toServiceError } from './errors.ts';
