import { readableQuery } from './query';

/**
 * The diagnostics page's entry. It imports no tfjs: the query is made decodable first (see query.ts), then
 * the page, with tfjs, is loaded.
 */
const { search, undecodable } = readableQuery(location.search);
if (undecodable.length > 0) history.replaceState(history.state, '', `${location.pathname}${search}${location.hash}`);
const { runDiagnostics } = await import('./main');
await runDiagnostics(undecodable);
