/**
 * The files of spec/ that hold the two API models: read by src/main.ts, and by scripts/build.mjs to merge their union
 * when the bundle is built (src/app/union-model.ts).
 */
export const MODEL_FILES = { chime: 'chime-2018-05-01.json', voice: 'chime-sdk-voice-2022-08-03.json' } as const;
