/**
 * The APIs dialtone answers: legacy Amazon Chime, Amazon Chime SDK Voice, and both at once (the union of the two
 * models, for clients that do not say which one they were built for). The one list that the configuration, the
 * gateway and the help use.
 */
export const API_NAMES = ['both', 'chime-sdk-voice', 'chime'] as const;

export type ApiName = (typeof API_NAMES)[number];
