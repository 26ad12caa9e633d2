/** What `GET /_dialtone/limits` answers: the caller's account limits and what it uses of them now. */
import type { Throttle } from '../auth/throttle.ts';
import type { UsageRepository } from '../domain/ports/usage.ts';
import type { AccessDirectory } from './access-directory.ts';

/** The JSON body of `GET /_dialtone/limits`. */
export interface LimitsReport {
  accountId: string;
  accessKeyId: string;
  limits: {
    maxNumbersPerOrder: number;
    maxPhoneNumbersPerAccount: number;
    maxProcessingOrdersPerAccount: number;
    maxPhoneNumbersPerBatch: number;
    throttling: { reading: { ratePerSecond: number; burst: number }; mutating: { ratePerSecond: number; burst: number } } | null;
  };
  usage: {
    /** Owned numbers (every active status but AcquireInProgress). */
    phoneNumbers: number;
    /** Numbers of orders in Processing not settled yet. */
    phoneNumbersOnOrder: number;
    processingOrders: number;
    /** Tokens left in each bucket now (a full bucket holds `burst`). */
    throttling: { reading: number; mutating: number } | null;
  };
}

/** Builds the report function for the admin endpoint. */
export function limitsReporter(deps: { directory: AccessDirectory; usage: UsageRepository; throttle?: Throttle }) {
  return async (caller: { accountId: string; accessKeyId: string }): Promise<LimitsReport | undefined> => {
    const account = await deps.directory.account(caller.accountId);
    if (account === undefined) return undefined;
    const { limits } = account;
    const counted = await deps.usage.usageOf(caller.accountId);
    const throttle = limits.throttle;
    return {
      accountId: caller.accountId,
      accessKeyId: caller.accessKeyId,
      limits: {
        maxNumbersPerOrder: limits.maxNumbersPerOrder,
        maxPhoneNumbersPerAccount: limits.maxPhoneNumbersPerAccount,
        maxProcessingOrdersPerAccount: limits.maxProcessingOrdersPerAccount,
        maxPhoneNumbersPerBatch: limits.maxPhoneNumbersPerBatch,
        throttling: throttle ?? null,
      },
      usage: {
        phoneNumbers: counted.ownedNumbers,
        phoneNumbersOnOrder: counted.numbersOnOrder,
        processingOrders: counted.processingOrders,
        throttling:
          throttle && deps.throttle
            ? {
                reading: deps.throttle.available(caller.accountId, 'reading', throttle.reading),
                mutating: deps.throttle.available(caller.accountId, 'mutating', throttle.mutating),
              }
            : null,
      },
    };
  };
}
