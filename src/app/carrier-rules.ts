/**
 * The simulated carrier's rules at run time (`testing.stateControl`): `PUT /_dialtone/carrier` stores rules in the
 * meta table, where every node's carrier reads them at each acquisition call, so a rule set through one node applies
 * to the next batch fulfilled on any node without a restart; `DELETE` goes back to the configuration's rules. Input is
 * checked with the configuration file's own schema; keys left out keep the configuration's values.
 */
import { carrierRulesSchema, type CarrierRules } from '../config/config.ts';
import type { MetaRepository } from '../domain/ports/meta.ts';
import { badRequest } from '../protocol/errors.ts';
import { safeJson } from './safe-json.ts';

/** Where the rules set at run time are kept (the meta table). */
export const CARRIER_RULES_KEY = 'test-carrier-rules';

/** The rules in force and where they come from. */
export interface CarrierRulesView {
  source: 'configuration' | 'runtime';
  rules: CarrierRules;
}

/** Most problems named in one refusal. */
const MOST_ISSUES = 5;

export class CarrierRulesStore {
  readonly #meta: Pick<MetaRepository, 'read' | 'write' | 'remove'>;
  readonly #configured: CarrierRules;

  constructor(meta: Pick<MetaRepository, 'read' | 'write' | 'remove'>, configured: CarrierRules) {
    this.#meta = meta;
    this.#configured = configured;
  }

  /** The rules in force: those set at run time, else the configuration's. */
  async current(): Promise<CarrierRulesView> {
    const stored = await this.#meta.read(CARRIER_RULES_KEY);
    if (stored !== undefined) {
      // Rules that no longer pass the schema (written by another version) are ignored rather than trusted.
      const parsed = carrierRulesSchema.safeParse(safeJson(stored));
      if (parsed.success) return { source: 'runtime', rules: parsed.data };
    }
    return { source: 'configuration', rules: this.#configured };
  }

  /**
   * Sets the rules for every node: the configuration's, with the keys of `input` in their place.
   * @throws ServiceError BadRequestException naming each key that is wrong
   */
  async set(input: Record<string, unknown>): Promise<CarrierRulesView> {
    const parsed = carrierRulesSchema.safeParse({ ...this.#configured, ...input });
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, MOST_ISSUES).map((issue) => {
        const path = issue.path.join('.');
        return path === '' ? issue.message : `${path}: ${issue.message}`;
      });
      throw badRequest(`Invalid carrier rules: ${issues.join('; ')}`);
    }
    await this.#meta.write(CARRIER_RULES_KEY, JSON.stringify(parsed.data));
    return { source: 'runtime', rules: parsed.data };
  }

  /** Drops the rules set at run time: the configuration's apply again on every node. */
  async restore(): Promise<CarrierRulesView> {
    await this.#meta.remove(CARRIER_RULES_KEY);
    return { source: 'configuration', rules: this.#configured };
  }
}
