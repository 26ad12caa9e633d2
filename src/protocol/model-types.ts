/**
 * The structure of a botocore service model (`spec/*.json`), as far as the protocol layer reads it.
 * Documentation is stripped by `scripts/extract-model.mjs`; every other field is kept verbatim.
 */
export interface ServiceModel {
  version?: string;
  metadata: {
    apiVersion: string;
    endpointPrefix: string;
    protocol: string;
    serviceFullName: string;
    serviceId: string;
    signatureVersion: string;
    signingName?: string;
    uid: string;
  };
  operations: Record<string, OperationModel>;
  shapes: Record<string, ShapeModel>;
}

export interface OperationModel {
  name: string;
  http: { method: string; requestUri: string; responseCode?: number };
  /** `payload` here is the legacy spelling of the structure's `payload`. */
  input?: { shape: string; payload?: string };
  output?: { shape: string; payload?: string };
  errors?: { shape: string }[];
  endpoint?: { hostPrefix: string };
  /** The operation is retired (the Alexa skill configuration of SIP media applications). */
  deprecated?: boolean;
}

export interface MemberModel {
  shape: string;
  location?: 'uri' | 'querystring' | 'header' | 'headers' | 'statusCode';
  locationName?: string;
  idempotencyToken?: boolean;
  box?: boolean;
  /** Overrides the timestamp shape's own format for this member. */
  timestampFormat?: TimestampFormat;
  /** A header carrying JSON, base64-encoded. */
  jsonvalue?: boolean;
  /** Also part of the endpoint's host prefix (a client concern; dialtone does not route by host). */
  hostLabel?: boolean;
}

export type TimestampFormat = 'iso8601' | 'unixTimestamp' | 'rfc822';

export type ShapeModel =
  | StructureShape
  | ListShape
  | MapShape
  | StringShape
  | IntegerShape
  | FloatShape
  | { type: 'boolean' }
  | TimestampShape
  | { type: 'blob'; sensitive?: boolean };

export interface TimestampShape {
  type: 'timestamp';
  timestampFormat?: TimestampFormat;
}

export interface StructureShape {
  type: 'structure';
  members: Record<string, MemberModel>;
  required?: string[];
  exception?: boolean;
  fault?: boolean;
  error?: { httpStatusCode: number; code?: string; senderFault?: boolean };
  sensitive?: boolean;
  /** The member that is the whole HTTP body. */
  payload?: string;
  /** Exactly one member is set. */
  union?: boolean;
  /** Any JSON value (the shape has no members). */
  document?: boolean;
}
export interface ListShape {
  type: 'list';
  member: MemberModel;
  min?: number;
  max?: number;
  sensitive?: boolean;
}
export interface MapShape {
  type: 'map';
  key: MemberModel;
  value: MemberModel;
  min?: number;
  max?: number;
}
export interface StringShape {
  type: 'string';
  enum?: string[];
  pattern?: string;
  min?: number;
  max?: number;
  sensitive?: boolean;
}
export interface IntegerShape {
  type: 'integer' | 'long';
  min?: number;
  max?: number;
  box?: boolean;
}
export interface FloatShape {
  type: 'float' | 'double';
  min?: number;
  max?: number;
}
