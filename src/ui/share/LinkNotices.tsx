import { useState } from 'react';

/** What the page's link asked for that could not be used: each value named, with what is used instead. */
export function LinkNotices({ notices }: { readonly notices: readonly string[] }) {
  const [open, setOpen] = useState(notices.length > 0);
  if (!open || notices.length === 0) return null;
  return (
    <div className="notice" role="status">
      <div>
        <p>Some settings in this page’s link could not be used:</p>
        <ul className="link-notices">
          {notices.map((n, i) => (
            // By position: two parts of a link can bring the same sentence (`?a=%&a=%`).
            <li key={i}>{n}</li>
          ))}
        </ul>
      </div>
      <button type="button" className="secondary" onClick={() => setOpen(false)}>
        Dismiss
      </button>
    </div>
  );
}
