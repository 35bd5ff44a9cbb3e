import { useEffect, useRef, useState } from 'react';
import { throttleWait } from '../state/pacing';

/**
 * `value`, passed on at most once per `intervalMs`; the latest value always arrives in the end. An interval
 * of 0 passes every value at once.
 */
export function useThrottled<T>(value: T, intervalMs: number): T {
  const [shown, setShown] = useState(value);
  const shownAt = useRef<number | null>(null);
  useEffect(() => {
    if (Object.is(value, shown)) return;
    const show = (): void => {
      shownAt.current = performance.now();
      setShown(value);
    };
    const wait = intervalMs > 0 ? throttleWait(performance.now(), shownAt.current, intervalMs) : 0;
    if (wait === 0) {
      show();
      return;
    }
    const timer = setTimeout(show, wait);
    return () => clearTimeout(timer);
  }, [value, shown, intervalMs]);
  return intervalMs > 0 ? shown : value;
}
