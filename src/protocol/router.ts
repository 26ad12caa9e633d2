/**
 * Routes a request to a model operation from the `requestUri`s of one or more compiled services.
 * Literal query pairs (`?operation=restore`, `?type=phone-numbers`) are match conditions in any query order;
 * among the candidates that match, static segments beat labels and more literal query pairs beat fewer.
 */
import type { CompiledOperation, CompiledService } from './service.ts';

export type RouteResult =
  | { kind: 'match'; service: CompiledService; operation: CompiledOperation; labels: Map<string, string> }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'not-found' };

interface Entry {
  service: CompiledService;
  operation: CompiledOperation;
  /** Higher wins: static segments weigh by position, then literal query count. */
  rank: number;
}

export interface Router {
  /**
   * @param rawSegments the path split on `/` without the leading empty segment, still percent-encoded
   * @param query decoded query pairs (values of repeated keys in arrival order)
   * @param serviceOrder service ids to prefer, first wins when two services share a route
   */
  route(method: string, rawSegments: string[], query: Map<string, string[]>, serviceOrder?: string[]): RouteResult;
}

/** @example createRouter([chime]).route('GET', ['search'], new Map([['type', ['phone-numbers']]])) */
export function createRouter(services: CompiledService[]): Router {
  const candidatesOf = candidateLists(services);

  return {
    route(method, rawSegments, query, serviceOrder) {
      const byFirst = candidatesOf.get(rawSegments.length);
      const candidates = byFirst === undefined ? [] : (byFirst.static.get(rawSegments[0]!) ?? byFirst.labelled);
      let best: Entry | undefined;
      let allowed: Set<string> | undefined;
      for (const entry of candidates) {
        if (best && entry.rank < best.rank) break;
        if (!pathMatches(entry.operation, rawSegments) || !queryMatches(entry.operation, query)) continue;
        if (entry.operation.method !== method) {
          (allowed ??= new Set<string>()).add(entry.operation.method);
          continue;
        }
        if (!best || preferred(entry, best, serviceOrder)) best = entry;
      }
      if (best) {
        return { kind: 'match', service: best.service, operation: best.operation, labels: labelsOf(best.operation, rawSegments) };
      }
      if (allowed !== undefined) return { kind: 'method-not-allowed', allowed: [...allowed].sort() };
      return { kind: 'not-found' };
    },
  };
}

/**
 * The operations a path may match, by its number of segments and then its first segment: those whose first segment
 * is that text, with those whose first segment is a label, highest rank first; for any other first segment, those
 * beginning with a label alone. An operation left out of a list could not match its paths (a different first
 * segment), so the routes are those of all operations of that length tried in rank order, for a few of them.
 */
function candidateLists(services: CompiledService[]): Map<number, { static: Map<string, Entry[]>; labelled: Entry[] }> {
  const byLength = new Map<number, Entry[]>();
  for (const service of services) {
    for (const operation of service.operations.values()) {
      const entries = byLength.get(operation.path.length) ?? [];
      entries.push({ service, operation, rank: rankOf(operation) });
      byLength.set(operation.path.length, entries);
    }
  }
  const lists = new Map<number, { static: Map<string, Entry[]>; labelled: Entry[] }>();
  for (const [length, entries] of byLength) {
    entries.sort((a, b) => b.rank - a.rank);
    const labelled = entries.filter((entry) => firstText(entry) === undefined);
    const byText = new Map<string, Entry[]>();
    for (const entry of entries) {
      const text = firstText(entry);
      if (text !== undefined && !byText.has(text)) {
        byText.set(text, entries.filter((other) => firstText(other) === undefined || firstText(other) === text));
      }
    }
    lists.set(length, { static: byText, labelled });
  }
  return lists;
}

/** The text of an operation's first path segment, or undefined when it is a label. */
function firstText(entry: Entry): string | undefined {
  const segment = entry.operation.path[0];
  return segment?.kind === 'static' ? segment.value : undefined;
}

function rankOf(operation: CompiledOperation): number {
  let rank = 0;
  operation.path.forEach((segment, index) => {
    if (segment.kind === 'static') rank += 2 ** (20 - index);
  });
  return rank * 16 + operation.literalQuery.length;
}

function pathMatches(operation: CompiledOperation, rawSegments: string[]): boolean {
  for (let i = 0; i < operation.path.length; i++) {
    const segment = operation.path[i]!;
    const raw = rawSegments[i]!;
    if (segment.kind === 'static' ? segment.value !== raw : raw.length === 0) return false;
  }
  return true;
}

function queryMatches(operation: CompiledOperation, query: Map<string, string[]>): boolean {
  return operation.literalQuery.every(([key, value]) => query.get(key)?.includes(value) ?? false);
}

function preferred(candidate: Entry, current: Entry, serviceOrder: string[] | undefined): boolean {
  if (!serviceOrder) return false;
  const a = serviceOrder.indexOf(candidate.service.id);
  const b = serviceOrder.indexOf(current.service.id);
  return a >= 0 && (b < 0 || a < b);
}

function labelsOf(operation: CompiledOperation, rawSegments: string[]): Map<string, string> {
  const labels = new Map<string, string>();
  operation.path.forEach((segment, index) => {
    if (segment.kind === 'label') labels.set(segment.name, rawSegments[index]!);
  });
  return labels;
}
