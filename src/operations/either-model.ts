/**
 * Wire types that serve either model. One handler answers a request of the legacy `chime` model and of
 * `chime-sdk-voice` (and of a model merging both), so its input and output are typed from both generated files:
 * the legacy shape, plus at every depth the members only the voice shape has (optional). Nothing here is written by
 * hand; a member the models add appears by `npm run codegen`.
 *
 * Where both models have a member, the two directions differ:
 * - an input takes what either model may send: a string of the legacy model's enum that voice left open
 *   (`ListPhoneNumbers` `Status`) is any string;
 * - an output keeps the legacy type (`ProductType` may be `BusinessCalling`): the serializer writes only what the
 *   answering model has, and the domain hides what a model cannot name.
 */
import type { ChimeOperationName, ChimeOperations } from '../generated/chime.ts';
import type * as Legacy from '../generated/chime.ts';
import type { ChimeSdkVoiceOperations } from '../generated/chime-sdk-voice.ts';
import type * as Voice from '../generated/chime-sdk-voice.ts';

type Direction = 'input' | 'output';

/** Values without members of their own: where the merging stops. */
type Leaf = string | number | boolean | bigint | Date | null | undefined | void;

/**
 * `L` (a legacy type) with the members that only `V` (its voice twin) has, at every depth.
 * @example Either<Legacy.PhoneNumber, Voice.PhoneNumber, 'output'> → Legacy.PhoneNumber & { OrderId?: GuidString; Name?: PhoneNumberName }
 */
export type Either<L, V, D extends Direction> = L extends Leaf
  ? D extends 'input'
    ? L | Extract<NonNullable<V>, string | number | boolean>
    : L
  : L extends readonly (infer LItem)[]
    ? NonNullable<V> extends readonly (infer VItem)[]
      ? Either<LItem, VItem, D>[]
      : L
    : NonNullable<V> extends object
      ? EitherStructure<L, NonNullable<V>, D>
      : L;

type EitherStructure<L, V, D extends Direction> = {
  [K in keyof L]: K extends keyof V ? Either<L[K], V[K], D> : L[K];
} & {
  [K in Exclude<keyof V, keyof L>]?: V[K];
};

/** The voice operation of the same name, or the legacy one where voice has none (nothing to add). */
type VoiceTwin<K extends ChimeOperationName> = K extends keyof ChimeSdkVoiceOperations ? ChimeSdkVoiceOperations[K] : ChimeOperations[K];

/** What a handler of `K` receives, whichever model read the request. */
export type OperationInput<K extends ChimeOperationName> = Either<ChimeOperations[K]['input'], VoiceTwin<K>['input'], 'input'>;

/** What a handler of `K` answers; the answering model's serializer keeps the members it has. */
export type OperationOutput<K extends ChimeOperationName> = Either<ChimeOperations[K]['output'], VoiceTwin<K>['output'], 'output'>;

/** The `PhoneNumber` a handler answers (voice adds `OrderId` and `Name`). */
export type PhoneNumber = Either<Legacy.PhoneNumber, Voice.PhoneNumber, 'output'>;

/** The `PhoneNumberOrder` a handler answers (voice adds `OrderType` and `FocDate`). */
export type PhoneNumberOrder = Either<Legacy.PhoneNumberOrder, Voice.PhoneNumberOrder, 'output'>;
