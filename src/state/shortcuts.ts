/**
 * The lab's keyboard shortcuts, as a pure mapping from a key press to a command, so the rules for when
 * they must keep quiet are testable: never while typing, never with a modifier (those belong to the
 * browser), and space never on a control that space already activates.
 */
export type Command = 'togglePlay' | 'step' | 'reset' | 'help';

export interface KeyPress {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
}

/** The focused element, as far as the rules need it. */
export interface KeyTarget {
  readonly tagName: string;
  /** An input's type attribute. */
  readonly type?: string;
  readonly isContentEditable?: boolean;
}

export const SHORTCUTS: readonly { readonly keys: string; readonly command: Command; readonly description: string }[] = [
  { keys: 'Space', command: 'togglePlay', description: 'Play or pause training' },
  { keys: '.', command: 'step', description: 'Train one step (while paused)' },
  { keys: 'R', command: 'reset', description: 'Reset the run to step 0' },
  { keys: '?', command: 'help', description: 'Show these shortcuts' },
];

/** Inputs that take no text: keys other than space pass through them. */
const NON_TEXT_INPUTS = new Set(['range', 'checkbox', 'radio', 'button', 'submit', 'reset', 'color', 'file', 'image']);
/** Controls that space activates itself. */
const SPACE_ACTIVATED = new Set(['BUTTON', 'SUMMARY', 'A']);

function isTextEntry(target: KeyTarget): boolean {
  if (target.isContentEditable) return true;
  const tag = target.tagName.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  return tag === 'INPUT' && !NON_TEXT_INPUTS.has((target.type ?? 'text').toLowerCase());
}

function activatedBySpace(target: KeyTarget): boolean {
  const tag = target.tagName.toUpperCase();
  if (SPACE_ACTIVATED.has(tag)) return true;
  return tag === 'INPUT' && (target.type ?? 'text').toLowerCase() !== 'range';
}

export function commandFor(press: KeyPress, target: KeyTarget | null): Command | null {
  if (press.ctrlKey || press.metaKey || press.altKey) return null;
  if (target && isTextEntry(target)) return null;
  switch (press.key) {
    case ' ':
      return target && activatedBySpace(target) ? null : 'togglePlay';
    case '.':
      return 'step';
    case 'r':
    case 'R':
      return 'reset';
    case '?':
      return 'help';
    default:
      return null;
  }
}
