/**
 * kysely's SQLite driver prepares every statement anew; preparing costs more than running a small query. This wraps
 * a better-sqlite3 database so that `prepare` answers a cached statement per SQL text (bounded: the oldest
 * entry goes first). A statement still iterating (`busy`) is never handed out twice.
 */
import type { Database, Statement } from 'better-sqlite3';

export interface PreparingDatabase {
  prepare(sql: string): Statement;
  close(): void;
}

/** @example new SqliteDialect({ database: cachingStatements(new Database(file)) }) */
export function cachingStatements(database: Database, capacity = 500): PreparingDatabase {
  const cache = new Map<string, Statement>();
  return {
    prepare(sql) {
      const cached = cache.get(sql);
      if (cached && !cached.busy) return cached;
      const statement = database.prepare(sql);
      cache.set(sql, statement);
      if (cache.size > capacity) cache.delete(cache.keys().next().value!);
      return statement;
    },
    close() {
      cache.clear();
      database.close();
    },
  };
}
