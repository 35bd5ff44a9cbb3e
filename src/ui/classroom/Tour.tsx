import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { moveTour, stepPreset, TOUR, tourMove, type TourMove } from '../../state/tour';

interface TourProps {
  /** Loads a preset's link into the lab. */
  readonly onPreset: (query: string) => void;
  readonly onClose: () => void;
}

const HIGHLIGHT = 'tour-highlight';

/** Keys typed into a control are the control's, not the tour's (sliders take arrows, the sphere turns). */
function ownedByControl(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.closest('input, select, textarea, .rotatable')) return true;
  return false;
}

/**
 * The guided tour: a labelled, non-modal dialog (the lab stays usable: press Play while reading). Each step
 * loads its preset and highlights its figure. → / N next, ← / P back, Esc leaves; focus comes back to the
 * Tour button.
 */
export function Tour({ onPreset, onClose }: TourProps) {
  const [index, setIndex] = useState(0);
  const dialog = useRef<HTMLElement>(null);
  const step = TOUR[index]!;

  const move = (m: TourMove): void => {
    const next = moveTour(index, m);
    if (next === null) onClose();
    else setIndex(next);
  };
  const moveRef = useRef(move);
  useLayoutEffect(() => {
    moveRef.current = move;
  });

  useEffect(() => {
    const preset = stepPreset(step);
    if (preset) onPreset(preset.query);
    // The card stays when a placeholder turns into its figure, and so does the class.
    const card = document.querySelector(`[data-figure="${step.figure}"], [data-placeholder-for="${step.figure}"]`)?.closest('figure');
    card?.classList.add(HIGHLIGHT);
    card?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    return () => card?.classList.remove(HIGHLIGHT);
    // The step alone decides what is loaded (onPreset changes identity with the backend).
  }, [step]);

  useEffect(() => {
    dialog.current?.focus();
    const onKey = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || document.querySelector('dialog[open]')) return;
      const m = tourMove(event.key);
      if (!m || (m !== 'close' && ownedByControl(event.target))) return;
      event.preventDefault();
      moveRef.current(m);
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.getElementById('tour-button')?.focus();
    };
  }, []);

  const last = index === TOUR.length - 1;
  return (
    <section ref={dialog} className="tour" role="dialog" aria-modal="false" aria-labelledby="tour-title" aria-describedby="tour-text" tabIndex={-1}>
      <p className="tour-count">
        Step {index + 1} of {TOUR.length}
      </p>
      <h2 id="tour-title">{step.title}</h2>
      <p id="tour-text">{step.text}</p>
      <div className="button-row">
        <button type="button" className="secondary" disabled={index === 0} aria-keyshortcuts="ArrowLeft P" onClick={() => move('previous')}>
          Back
        </button>
        <button type="button" aria-keyshortcuts="ArrowRight N" onClick={() => move('next')}>
          {last ? 'Finish' : 'Next'}
        </button>
        <button type="button" className="secondary" aria-keyshortcuts="Escape" onClick={onClose}>
          Leave tour
        </button>
      </div>
      <p className="help">→ or N: next · ← or P: back · Esc: leave</p>
    </section>
  );
}
