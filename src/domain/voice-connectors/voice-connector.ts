/**
 * Voice connectors and voice connector groups as the domain sees them: account-scoped resources that phone numbers
 * will be associated with. Wire names live in operations/, not here.
 */

/** A tag given at creation, kept in the order given. */
export interface Tag {
  key: string;
  value: string;
}

export interface VoiceConnector {
  /** 22 lower-case letters and digits (see {@link newVoiceConnectorId}). */
  id: string;
  accountId: string;
  name: string;
  /** The AWS Region the connector lives in ({@link DEFAULT_AWS_REGION} unless one was asked for). */
  awsRegion: string;
  requireEncryption: boolean;
  /** The Amazon Connect integration asked for at creation, if any. */
  integrationType?: string;
  /** The network type asked for at creation, if any. */
  networkType?: string;
  tags: Tag[];
  createdAt: Date;
  updatedAt: Date;
}

/** One member of a group: a connector of the same account and its priority (1 routes first). */
export interface VoiceConnectorItem {
  voiceConnectorId: string;
  priority: number;
}

export interface VoiceConnectorGroup {
  /** A UUID v4 in lower case. */
  id: string;
  accountId: string;
  /** The region of the request that created the group (a group may hold connectors of several regions). */
  region: string;
  name: string;
  /** Its connectors, in the order last given. */
  items: VoiceConnectorItem[];
  createdAt: Date;
  updatedAt: Date;
}

/** The region of a connector created without one, as AWS documents it. */
export const DEFAULT_AWS_REGION = 'us-east-1';

/** Where a connector sends outbound calls: `<id>.voiceconnector.chime.aws`, as AWS names it. */
export function outboundHostName(connector: Pick<VoiceConnector, 'id'>): string {
  return `${connector.id}.voiceconnector.chime.aws`;
}

/** @example voiceConnectorArn(c) → 'arn:aws:chime:us-east-1:111111111111:vc/abcdef1ghij2klmno3pqr4' */
export function voiceConnectorArn(connector: Pick<VoiceConnector, 'id' | 'accountId' | 'awsRegion'>): string {
  return `arn:aws:chime:${connector.awsRegion}:${connector.accountId}:vc/${connector.id}`;
}

/** @example voiceConnectorGroupArn(g) → 'arn:aws:chime:us-east-1:111111111111:vcg/0f1e…' */
export function voiceConnectorGroupArn(group: Pick<VoiceConnectorGroup, 'id' | 'accountId' | 'region'>): string {
  return `arn:aws:chime:${group.region}:${group.accountId}:vcg/${group.id}`;
}
