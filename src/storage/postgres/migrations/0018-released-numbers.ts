/**
 * 0018 (PostgreSQL): the same statements as sqlite/0018. `phone_numbers_released_e164` (e164, released_at) of the
 * released records only replaces `phone_numbers_e164`, which held every record. Forward-only. Fulfilment's aging
 * check and search's availability read the released records by number through it; a reservation no longer writes an
 * entry of it.
 */
export { up } from '../../sqlite/migrations/0018-released-numbers.ts';
