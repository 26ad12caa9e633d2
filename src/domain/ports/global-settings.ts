/** An account's global settings, as the global settings service stores them. */

export interface GlobalSettings {
  /** The S3 bucket for the voice connectors' call detail records, when set. */
  voiceConnectorCdrBucket?: string;
  /** The S3 bucket for Business Calling's call detail records (legacy Chime), when set. */
  businessCallingCdrBucket?: string;
  updatedAt: Date;
}

export interface GlobalSettingsRepository {
  /** The account's settings; undefined until they were first updated. */
  get(accountId: string): Promise<GlobalSettings | undefined>;
  /** Writes the account's settings whole (an absent bucket is unset). */
  put(accountId: string, settings: GlobalSettings): Promise<void>;
}
