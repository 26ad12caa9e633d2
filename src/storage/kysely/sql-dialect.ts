/**
 * Which SQL dialect the queries may rely on beyond the common subset: on PostgreSQL, row locks (`FOR UPDATE`,
 * `SKIP LOCKED`) and advisory locks, so that several processes can share the database.
 */
export type SqlDialect = 'sqlite' | 'postgres';
