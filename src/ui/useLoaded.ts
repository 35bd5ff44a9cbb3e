import { useEffect, useState } from 'react';

const settled = new WeakMap<Promise<unknown>, unknown>();

/**
 * The value of a promise once it has resolved (null until then), without Suspense: a Suspense boundary that
 * has shown its fallback holds resolved content back for a while (React throttles reveals), which would
 * delay the first figure.
 */
export function useLoaded<T>(promise: Promise<T>): T | null {
  const [value, setValue] = useState<T | null>(() => (settled.has(promise) ? (settled.get(promise) as T) : null));
  useEffect(() => {
    let current = true;
    void promise.then((v) => {
      settled.set(promise, v);
      if (current) setValue(() => v);
    });
    return () => {
      current = false;
    };
  }, [promise]);
  return value;
}
