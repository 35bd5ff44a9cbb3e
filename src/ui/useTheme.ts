import { useLayoutEffect, useState, useSyncExternalStore } from 'react';
import { themes, type Theme } from '../figures/theme';

export type ThemePreference = 'system' | 'light' | 'dark';

const darkQuery = '(prefers-color-scheme: dark)';

function subscribe(onChange: () => void): () => void {
  const media = window.matchMedia(darkQuery);
  media.addEventListener('change', onChange);
  return () => media.removeEventListener('change', onChange);
}

const systemPrefersDark = (): boolean => window.matchMedia(darkQuery).matches;

/**
 * The figure theme, following the system unless the user picks one. The page's colours are taken from the
 * same theme (as CSS variables), so figures and page never disagree.
 */
export function useTheme(): { theme: Theme; preference: ThemePreference; setPreference: (p: ThemePreference) => void } {
  const [preference, setPreference] = useState<ThemePreference>('system');
  const dark = useSyncExternalStore(subscribe, systemPrefersDark);
  const theme = themes[preference === 'system' ? (dark ? 'dark' : 'light') : preference];

  useLayoutEffect(() => {
    const root = document.documentElement.style;
    root.setProperty('color-scheme', theme.name);
    root.setProperty('--panel', theme.background);
    root.setProperty('--fg', theme.foreground);
    root.setProperty('--muted', theme.muted);
    root.setProperty('--border', theme.grid);
    root.setProperty('--accent', theme.current);
    root.setProperty('--warning', theme.warning);
    root.setProperty('--font', theme.fontFamily);
  }, [theme]);

  return { theme, preference, setPreference };
}
