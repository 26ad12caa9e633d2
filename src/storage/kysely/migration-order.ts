/**
 * The order migrations run in: by name, in code-unit order (`0001-…` before `0002-…`). kysely's default compares
 * names with `localeCompare`, and the first call of it loads ICU's collation data: about 5 MB of resident memory for
 * the life of the server, for names that are ASCII and numbered. For such names both orders agree.
 */
export { byCodeUnit as byMigrationName } from '../../shared/code-unit-order.ts';
