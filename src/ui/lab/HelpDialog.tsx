import { useEffect, useRef } from 'react';
import { SHORTCUTS } from '../../state/shortcuts';

interface HelpDialogProps {
  readonly open: boolean;
  readonly onClose: () => void;
}

/** The keyboard shortcuts, in a native modal dialog: focus stays inside, Esc closes it. */
export function HelpDialog({ open, onClose }: HelpDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current!;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);

  return (
    <dialog ref={dialog} className="help-dialog" aria-labelledby="help-heading" onClose={onClose}>
      <h2 id="help-heading">Keyboard shortcuts</h2>
      <table>
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.keys}>
              <th scope="row">
                <kbd>{s.keys}</kbd>
              </th>
              <td>{s.description}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">
              <kbd>←</kbd> <kbd>→</kbd> <kbd>↑</kbd> <kbd>↓</kbd>
            </th>
            <td>Rotate the sphere (embedding figure focused)</td>
          </tr>
          <tr>
            <th scope="row">
              <kbd>→</kbd> <kbd>N</kbd> / <kbd>←</kbd> <kbd>P</kbd>
            </th>
            <td>Next / previous step of the tour (while it is open; Esc leaves it)</td>
          </tr>
          <tr>
            <th scope="row">
              <kbd>Esc</kbd>
            </th>
            <td>Close this dialog</td>
          </tr>
        </tbody>
      </table>
      <p className="help">Shortcuts do nothing while you type in a text box.</p>
      <form method="dialog">
        <button type="submit">Close</button>
      </form>
    </dialog>
  );
}
