/** Loading owned numbers directly, for `dialtone seed`. */
import type { NumberType } from '../numbers/number-rules.ts';
import type { ProductType } from '../numbers/product-type.ts';

/** An owned number to load directly (seeding), as `Unassigned`. */
export interface SeedNumber {
  e164: string;
  accountId: string;
  productType: ProductType;
  type: NumberType;
  country: string;
  at: Date;
}

export interface BulkRepository {
  /** Inserts owned numbers that nobody owns yet; answers how many were inserted. */
  insertOwnedNumbers(rows: SeedNumber[]): Promise<number>;
}
