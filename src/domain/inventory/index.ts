/**
 * The available-number inventory: a lazily evaluated numbering plan (which numbers can be sold) and the search of
 * `SearchAvailablePhoneNumbers` over it. `countries()` of the plan answers `ListSupportedPhoneNumberCountries`.
 */
export {
  createNumberingPlan,
  type BlockQuery,
  type BlockSelection,
  type InventoryProductType,
  type NumberingPlan,
  type PoolSegment,
  type SupportedCountry,
} from './numbering-plan.ts';
export {
  isSearchCursor,
  searchAvailableNumbers,
  type AvailabilityCheck,
  type SearchCursor,
  type SearchFilter,
  type SearchPage,
  type SearchResult,
} from './search.ts';
