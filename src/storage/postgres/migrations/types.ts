/**
 * Column types shared by the PostgreSQL migrations.
 * - Keys and anything ordered or range-compared (ids, account ids, E.164 numbers) are `text COLLATE "C"`: byte order,
 *   as SQLite compares text. Under a natural-language collation (a database's usual default, e.g. en_US or ICU)
 *   punctuation is ignored at first level, so `e164 < '+1206' || ':'` (the prefix-range trick) and keyset paging
 *   would order differently from SQLite, and a btree index could not serve them.
 * - Timestamps are `bigint` milliseconds since the epoch (2^53 is far away; the pool parses int8 to Number).
 */
import { sql } from 'kysely';

/** `text COLLATE "C"`: byte-ordered text for keys and sorted columns. */
export const key = sql`text collate "C"`;
/** Milliseconds since the epoch. */
export const millis = 'bigint' as const;
