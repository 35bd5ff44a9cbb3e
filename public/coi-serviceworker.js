/*
 * Cross-origin isolation where the host cannot send headers (GitHub Pages, a plain file server): DySTreSS Lab's
 * version of the idea of coi-serviceworker (MIT, Guido Zuidhof). tfjs-wasm runs its threaded build only in an
 * isolated page; `npm run dev`, `vite preview` and hosts configured as the README says send the headers
 * themselves, and there this file does nothing.
 *
 * In the page (a classic <script> in index.html): when the page is not isolated, registers this same file as a
 * service worker and reloads once it controls the page. At most one reload per tab session: where the browser
 * will not isolate the page even so, the lab runs single-threaded and its status says why.
 * As the service worker: adds COOP and COEP to every same-origin response (the lab loads nothing else).
 */
if (typeof window === 'undefined') {
  self.addEventListener('install', () => self.skipWaiting());
  self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
  self.addEventListener('fetch', (event) => {
    const request = event.request;
    if (new URL(request.url).origin !== self.location.origin) return;
    if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
    event.respondWith(
      fetch(request).then((response) => {
        if (response.status === 0) return response;
        const headers = new Headers(response.headers);
        headers.set('Cross-Origin-Opener-Policy', 'same-origin');
        headers.set('Cross-Origin-Embedder-Policy', 'require-corp');
        return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
      }),
    );
  });
} else if (window.crossOriginIsolated) {
  sessionStorage.removeItem('coi-serviceworker-reloaded');
} else if (window.isSecureContext && 'serviceWorker' in navigator) {
  const reloadOnce = () => {
    if (sessionStorage.getItem('coi-serviceworker-reloaded')) return;
    sessionStorage.setItem('coi-serviceworker-reloaded', '1');
    window.location.reload();
  };
  navigator.serviceWorker.addEventListener('controllerchange', reloadOnce);
  navigator.serviceWorker.register(document.currentScript.src).then(
    // Controlled already, yet this response came without the headers (installed by an earlier visit).
    () => navigator.serviceWorker.controller && reloadOnce(),
    (error) => console.warn('coi-serviceworker: not registered, so the lab runs single-threaded:', error),
  );
}
