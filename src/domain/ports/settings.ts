/** The account's phone-number settings, as the settings service stores them. */

export interface PhoneNumberSettings {
  /** The default outbound calling name; may be `''`. */
  callingName: string;
  callingNameUpdatedAt: Date;
}

export interface PhoneNumberSettingsRepository {
  /** The account's settings; undefined until they were first set. */
  get(accountId: string): Promise<PhoneNumberSettings | undefined>;
  /**
   * Sets the default calling name unless it was changed after `unchangedSince` (checked in the same statement, so
   * two concurrent changes cannot both pass). @returns whether it was written
   */
  put(accountId: string, change: { callingName: string; at: Date; unchangedSince: Date }): Promise<boolean>;
  /** The default calling names of those of `accountIds` that have one (not `''`), by account. */
  defaultCallingNames(accountIds: readonly string[]): Promise<Map<string, string>>;
}
