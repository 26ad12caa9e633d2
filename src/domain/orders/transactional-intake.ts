/** The order intake over any unit of work: one transaction per create, through the repositories' ports. */
import type { EventAppender } from '../ports/events.ts';
import type { JobEnqueue } from '../ports/jobs.ts';
import type { OrderIntake, PlacementOutcome } from '../ports/order-intake.ts';
import type { OrderInvocations } from '../ports/order-invocations.ts';
import type { OrderBook } from '../ports/orders.ts';
import type { UnitOfWork } from '../ports/unit-of-work.ts';
import type { UsageRepository } from '../ports/usage.ts';

/**
 * What creating an order writes in one transaction: the order, its fulfilment job; the usage it checks first; the claim
 * of its invocation id (when the create carries one) before all of them.
 */
export interface OrderWrites {
  orders: Pick<OrderBook, 'insert'>;
  usage: Pick<UsageRepository, 'usageOf'>;
  jobs: JobEnqueue;
  events: EventAppender;
  orderInvocations?: Pick<OrderInvocations, 'claim'>;
}

/** Each placement in a transaction of its own: claim, check, insert, enqueue, record the events. */
export function transactionalIntake(unitOfWork: UnitOfWork<OrderWrites>): OrderIntake {
  return {
    place: (placement) =>
      unitOfWork.transaction(async (repos): Promise<PlacementOutcome> => {
        const { order, job, invocation, checkUsage } = placement;
        if (invocation) {
          if (!repos.orderInvocations) throw new Error('invocation ids need orderInvocations in the unit of work');
          const holder = await repos.orderInvocations.claim(invocation.claim, invocation.since);
          if (!holder.claimed) return { placed: false, holder };
        }
        if (checkUsage) checkUsage(await repos.usage.usageOf(order.accountId));
        await repos.orders.insert(order);
        await repos.jobs.enqueue(job);
        await repos.events.append(placement.events);
        return { placed: true };
      }),
  };
}
