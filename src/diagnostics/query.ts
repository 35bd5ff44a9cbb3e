/**
 * The diagnostics page's query in a form every reader can decode. tfjs-core reads its flags from the page's
 * query as it loads, with a `decodeURIComponent` that throws on a stray `%` (a link cut short by a chat
 * program): the page would stay blank. Parts that cannot be decoded are dropped, and named, before tfjs loads.
 */
export interface ReadableQuery {
  /** The query without the parts that cannot be decoded (`?…`, or '' when nothing is left). */
  readonly search: string;
  /** The parts dropped, as they were written. */
  readonly undecodable: readonly string[];
}

export function readableQuery(search: string): ReadableQuery {
  const kept: string[] = [];
  const undecodable: string[] = [];
  for (const part of search.replace(/^\?/, '').split('&')) {
    if (part === '') continue;
    try {
      // Key and value apart, as tfjs decodes them; a whole part that decodes could still hide a cut escape in each.
      const eq = part.indexOf('=');
      decodeURIComponent(eq < 0 ? part : part.slice(0, eq));
      decodeURIComponent(eq < 0 ? '' : part.slice(eq + 1));
      kept.push(part);
    } catch {
      undecodable.push(part);
    }
  }
  return { search: kept.length > 0 ? `?${kept.join('&')}` : '', undecodable };
}

/** The sentence the page shows for a dropped part. */
export const undecodableNotice = (part: string): string => `The link’s “${part}” cannot be decoded; it was ignored.`;
