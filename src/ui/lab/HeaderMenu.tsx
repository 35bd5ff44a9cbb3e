import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

/**
 * The header's tools. On a wide screen they sit in the header as they are; on a narrow one (styles.css) they
 * fold behind one Menu button that opens them as a panel: Esc or a tap outside closes it, and Esc gives the
 * focus back to the button.
 */
export function HeaderMenu({ children }: { readonly children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const closeOutside = (e: PointerEvent): void => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', closeOutside);
    return () => document.removeEventListener('pointerdown', closeOutside);
  }, [open]);

  return (
    <div
      ref={root}
      className="header-menu"
      data-open={open}
      onKeyDown={(e) => {
        if (e.key !== 'Escape' || !open) return;
        e.stopPropagation();
        setOpen(false);
        button.current?.focus();
      }}
    >
      <button ref={button} type="button" className="secondary menu-button" aria-expanded={open} aria-controls={id} onClick={() => setOpen((o) => !o)}>
        Menu
      </button>
      <div id={id} className="header-tools">
        {children}
      </div>
    </div>
  );
}
