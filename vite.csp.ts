import type { Plugin } from 'vite';

/**
 * The built site's Content-Security-Policy, as a <meta http-equiv> in every page: a static host keeps it
 * (headers it may not), and it sits beside any other meta or header (COOP/COEP), so the two merge cleanly.
 * Only the build and its preview get it: the dev server injects inline scripts (React's refresh preamble).
 *
 * - script-src 'self' 'wasm-unsafe-eval': the site's own modules, and compiling tfjs's wasm; no inline script,
 *   no eval, no Function.
 * - worker-src 'self' blob:: the site's workers; blob: for the threads of tfjs's threaded wasm, which it
 *   starts from a script it builds in memory (only with cross-origin isolation).
 * - connect-src 'self': fetches reach only the site's own files (datasets, wasm); nothing leaves the browser.
 * - style-src 'self' 'unsafe-inline': React and d3 set style attributes; styles cannot run code.
 * - img-src 'self' data: blob:: figures' images and exports are drawn from memory.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

/**
 * The policy in the built pages, and as a header from `vite preview`: a page's meta does not reach its
 * workers (each worker takes the policy of its own response), so the preview, which the browser tests use,
 * sends it for every file and the workers run under it too. A host that can set headers should do the same.
 */
export function contentSecurityPolicy(): Plugin {
  return {
    name: 'dystress-lab:content-security-policy',
    apply: (_config, env) => env.command === 'build' || env.isPreview === true,
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' },
    ],
    configurePreviewServer(server) {
      server.middlewares.use((_request, response, next) => {
        response.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
        next();
      });
    },
  };
}
