/**
 * Who speaks on each leg of a call, as a test names them (test mode only, docs/operations.md "Test-mode controls"):
 * dialtone hears no audio, so a named speaker is the voice a speaker search hears on that leg, on any connector.
 */
import type { CallLeg } from '../voice-analytics/voice-analytics-task.ts';

export interface CallSpeakers {
  /** The speaker named for the leg of the call with this `TransactionId`, if any. */
  speakerOf(transactionId: string, leg: CallLeg): Promise<string | undefined>;
}
