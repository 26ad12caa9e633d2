/**
 * The Chime SDK Voice operations the console calls, with their HTTP bindings as the model gives them
 * (spec/chime-sdk-voice-2022-08-03.json: `http.method`, `http.requestUri`, and each input member's `location` and
 * `locationName`). test/unit/console-operations.test.ts checks every entry against the model, so none is guessed.
 */
import type * as V from '../../../src/generated/chime-sdk-voice.ts';

/** The wire form of a model shape: timestamps travel as ISO 8601 strings (the generated types say `Date`). */
export type Wire<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? Wire<U>[]
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;

/** An operation's binding: where its input members go (the rest of the input is the JSON body). */
export interface Binding {
  method: 'GET' | 'POST' | 'DELETE';
  /** The model's `requestUri`, with `{label}` for the members bound to the path. */
  requestUri: string;
  /** Input member → its path label. */
  uri?: Record<string, string>;
  /** Input member → its query-string name. */
  query?: Record<string, string>;
}

/** Input and output of each operation the console calls (the generated model types). */
export interface Operations {
  SearchAvailablePhoneNumbers: { input: V.SearchAvailablePhoneNumbersRequest; output: V.SearchAvailablePhoneNumbersResponse };
  CreatePhoneNumberOrder: { input: V.CreatePhoneNumberOrderRequest; output: V.CreatePhoneNumberOrderResponse };
  GetPhoneNumberOrder: { input: V.GetPhoneNumberOrderRequest; output: V.GetPhoneNumberOrderResponse };
  ListPhoneNumbers: { input: V.ListPhoneNumbersRequest; output: V.ListPhoneNumbersResponse };
  GetPhoneNumber: { input: V.GetPhoneNumberRequest; output: V.GetPhoneNumberResponse };
  UpdatePhoneNumber: { input: V.UpdatePhoneNumberRequest; output: V.UpdatePhoneNumberResponse };
  DeletePhoneNumber: { input: V.DeletePhoneNumberRequest; output: Record<string, never> };
  RestorePhoneNumber: { input: V.RestorePhoneNumberRequest; output: V.RestorePhoneNumberResponse };
  AssociatePhoneNumbersWithVoiceConnector: {
    input: V.AssociatePhoneNumbersWithVoiceConnectorRequest;
    output: V.AssociatePhoneNumbersWithVoiceConnectorResponse;
  };
  DisassociatePhoneNumbersFromVoiceConnector: {
    input: V.DisassociatePhoneNumbersFromVoiceConnectorRequest;
    output: V.DisassociatePhoneNumbersFromVoiceConnectorResponse;
  };
  ListVoiceConnectors: { input: V.ListVoiceConnectorsRequest; output: V.ListVoiceConnectorsResponse };
  ListSipRules: { input: V.ListSipRulesRequest; output: V.ListSipRulesResponse };
  ListTagsForResource: { input: V.ListTagsForResourceRequest; output: V.ListTagsForResourceResponse };
  GetVoiceConnectorOrigination: { input: V.GetVoiceConnectorOriginationRequest; output: V.GetVoiceConnectorOriginationResponse };
  GetVoiceConnectorTermination: { input: V.GetVoiceConnectorTerminationRequest; output: V.GetVoiceConnectorTerminationResponse };
  GetVoiceConnectorEmergencyCallingConfiguration: {
    input: V.GetVoiceConnectorEmergencyCallingConfigurationRequest;
    output: V.GetVoiceConnectorEmergencyCallingConfigurationResponse;
  };
  GetVoiceConnectorProxy: { input: V.GetVoiceConnectorProxyRequest; output: V.GetVoiceConnectorProxyResponse };
  ListProxySessions: { input: V.ListProxySessionsRequest; output: V.ListProxySessionsResponse };
}

export type OperationName = keyof Operations;

/** The bindings, copied from the model (checked against it by the unit test named above). */
export const BINDINGS: { [K in OperationName]: Binding } = {
  SearchAvailablePhoneNumbers: {
    method: 'GET',
    requestUri: '/search?type=phone-numbers',
    query: {
      AreaCode: 'area-code',
      City: 'city',
      Country: 'country',
      State: 'state',
      TollFreePrefix: 'toll-free-prefix',
      PhoneNumberType: 'phone-number-type',
      MaxResults: 'max-results',
      NextToken: 'next-token',
    },
  },
  CreatePhoneNumberOrder: { method: 'POST', requestUri: '/phone-number-orders' },
  GetPhoneNumberOrder: {
    method: 'GET',
    requestUri: '/phone-number-orders/{phoneNumberOrderId}',
    uri: { PhoneNumberOrderId: 'phoneNumberOrderId' },
  },
  ListPhoneNumbers: {
    method: 'GET',
    requestUri: '/phone-numbers',
    query: {
      Status: 'status',
      ProductType: 'product-type',
      FilterName: 'filter-name',
      FilterValue: 'filter-value',
      MaxResults: 'max-results',
      NextToken: 'next-token',
    },
  },
  GetPhoneNumber: { method: 'GET', requestUri: '/phone-numbers/{phoneNumberId}', uri: { PhoneNumberId: 'phoneNumberId' } },
  UpdatePhoneNumber: { method: 'POST', requestUri: '/phone-numbers/{phoneNumberId}', uri: { PhoneNumberId: 'phoneNumberId' } },
  DeletePhoneNumber: { method: 'DELETE', requestUri: '/phone-numbers/{phoneNumberId}', uri: { PhoneNumberId: 'phoneNumberId' } },
  RestorePhoneNumber: {
    method: 'POST',
    requestUri: '/phone-numbers/{phoneNumberId}?operation=restore',
    uri: { PhoneNumberId: 'phoneNumberId' },
  },
  AssociatePhoneNumbersWithVoiceConnector: {
    method: 'POST',
    requestUri: '/voice-connectors/{voiceConnectorId}?operation=associate-phone-numbers',
    uri: { VoiceConnectorId: 'voiceConnectorId' },
  },
  DisassociatePhoneNumbersFromVoiceConnector: {
    method: 'POST',
    requestUri: '/voice-connectors/{voiceConnectorId}?operation=disassociate-phone-numbers',
    uri: { VoiceConnectorId: 'voiceConnectorId' },
  },
  ListVoiceConnectors: {
    method: 'GET',
    requestUri: '/voice-connectors',
    query: { NextToken: 'next-token', MaxResults: 'max-results' },
  },
  ListSipRules: {
    method: 'GET',
    requestUri: '/sip-rules',
    query: { SipMediaApplicationId: 'sip-media-application', MaxResults: 'max-results', NextToken: 'next-token' },
  },
  ListTagsForResource: {
    method: 'GET',
    requestUri: '/tags',
    query: { ResourceARN: 'arn' },
  },
  GetVoiceConnectorOrigination: {
    method: 'GET',
    requestUri: '/voice-connectors/{voiceConnectorId}/origination',
    uri: { VoiceConnectorId: 'voiceConnectorId' },
  },
  GetVoiceConnectorTermination: {
    method: 'GET',
    requestUri: '/voice-connectors/{voiceConnectorId}/termination',
    uri: { VoiceConnectorId: 'voiceConnectorId' },
  },
  GetVoiceConnectorEmergencyCallingConfiguration: {
    method: 'GET',
    requestUri: '/voice-connectors/{voiceConnectorId}/emergency-calling-configuration',
    uri: { VoiceConnectorId: 'voiceConnectorId' },
  },
  GetVoiceConnectorProxy: {
    method: 'GET',
    requestUri: '/voice-connectors/{voiceConnectorId}/programmable-numbers/proxy',
    uri: { VoiceConnectorId: 'voiceConnectorId' },
  },
  ListProxySessions: {
    method: 'GET',
    requestUri: '/voice-connectors/{voiceConnectorId}/proxy-sessions',
    uri: { VoiceConnectorId: 'voiceConnectorId' },
    query: { Status: 'status', NextToken: 'next-token', MaxResults: 'max-results' },
  },
};

/** The request of `binding` for `input`: the relative path below the console's `api/`, and the JSON body, if any. */
export function requestOf(binding: Binding, input: object): { method: Binding['method']; path: string; body?: string } {
  const values = input as Record<string, unknown>;
  const [template = '', fixedQuery] = binding.requestUri.split('?');
  const bound = new Set<string>();
  let path = template;
  for (const [member, label] of Object.entries(binding.uri ?? {})) {
    const value = values[member];
    if (value === undefined || value === '') throw new Error(`${member} is required`);
    path = path.replace(`{${label}}`, encodeURIComponent(String(value)));
    bound.add(member);
  }
  // Percent-encoded (a space as %20, not `+`, as SigV4's canonical query has it).
  const query = fixedQuery === undefined ? [] : [fixedQuery];
  for (const [member, name] of Object.entries(binding.query ?? {})) {
    bound.add(member);
    const value = values[member];
    if (value !== undefined && value !== '') query.push(`${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`);
  }
  const rest = Object.fromEntries(Object.entries(values).filter(([member, value]) => !bound.has(member) && value !== undefined));
  const search = query.join('&');
  const relative = `api${path}${search === '' ? '' : `?${search}`}`;
  return binding.method === 'POST' ? { method: binding.method, path: relative, body: JSON.stringify(rest) } : { method: binding.method, path: relative };
}
