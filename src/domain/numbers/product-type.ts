/** What a number is used for; decides which numbers an order or an update may carry (see product-rules.ts). */
export type ProductType = 'BusinessCalling' | 'VoiceConnector' | 'SipMediaApplicationDialIn';
