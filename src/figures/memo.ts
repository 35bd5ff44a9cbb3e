/**
 * A cache for a figure's data work, keyed first by the data it summarises (a snapshot's array or object, held
 * weakly, so the entries go with the snapshot) and then by a plain value (a bin count, a sampled curve). The
 * same batch is drawn by several figures and redrawn on hover, theme and size changes, and the work can run in
 * a `prepare` task of its own before the build that reuses it.
 */
export function memoisePerData<D extends object, K, V>(compute: (data: D, key: K) => V): (data: D, key: K) => V {
  const cache = new WeakMap<D, Map<K, V>>();
  return (data, key) => {
    let byKey = cache.get(data);
    if (!byKey) cache.set(data, (byKey = new Map()));
    if (!byKey.has(key)) byKey.set(key, compute(data, key));
    return byKey.get(key)!;
  };
}
