import { useEffect, useLayoutEffect, useRef } from 'react';
import { commandFor, type Command } from '../../state/shortcuts';

/**
 * The global keyboard shortcuts (state/shortcuts.ts says when they keep quiet). Silent while a modal dialog
 * is open: its own keys (Esc) are the ones that count then.
 */
export function useShortcuts(run: (command: Command) => void): void {
  const latest = useRef(run);
  useLayoutEffect(() => {
    latest.current = run;
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || event.repeat || document.querySelector('dialog[open]')) return;
      const target = event.target instanceof HTMLElement ? event.target : null;
      const command = commandFor(event, target && { tagName: target.tagName, type: target.getAttribute('type') ?? undefined, isContentEditable: target.isContentEditable });
      if (!command) return;
      event.preventDefault();
      latest.current(command);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}
