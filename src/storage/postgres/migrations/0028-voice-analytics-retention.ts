/** 0028: the indexes of voice analytics' retention sweep: the SQLite migration of the same name, which says what they serve. */
export { up } from '../../sqlite/migrations/0028-voice-analytics-retention.ts';
