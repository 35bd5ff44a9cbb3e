// The diagnostics page's query made readable before tfjs loads. tfjs-core reads its flags from the query as
// it loads, with a decodeURIComponent that throws on a stray % (a link cut short): the page stayed blank.
// A classic script, run before the page's modules: bundled, it would run after the tfjs chunk it shares.
// The parts dropped are left for the page to name (window.dystressDroppedQueryParts).
(function () {
  var kept = [];
  var dropped = [];
  location.search.replace(/^\?/, '').split('&').forEach(function (part) {
    if (part === '') return;
    var eq = part.indexOf('=');
    try {
      decodeURIComponent(eq < 0 ? part : part.slice(0, eq));
      decodeURIComponent(eq < 0 ? '' : part.slice(eq + 1));
      kept.push(part);
    } catch (e) {
      dropped.push(part);
    }
  });
  if (dropped.length > 0) history.replaceState(history.state, '', location.pathname + (kept.length > 0 ? '?' + kept.join('&') : '') + location.hash);
  window.dystressDroppedQueryParts = dropped;
})();
