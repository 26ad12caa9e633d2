/** 0026: the voice connectors' external systems configuration: the SQLite migration of the same name, which says what it holds. */
export { up } from '../../sqlite/migrations/0026-external-systems-configuration.ts';
