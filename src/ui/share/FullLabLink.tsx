import { linkQuery, type ViewFlags } from '../../state/url';
import type { LabSettings } from '../../state/settings';

/** In an embedded lab (controls hidden), the way to the same lab with its controls, in a new tab. */
export function FullLabLink({ settings, flags }: { readonly settings: LabSettings; readonly flags: ViewFlags }) {
  if (!flags.embed) return null;
  const query = linkQuery({ settings, flags: { ...flags, embed: false, tour: false } });
  return (
    <a className="full-lab-link" href={`${window.location.pathname}${query}`} target="_blank" rel="noopener">
      Open the full lab (new tab)
    </a>
  );
}
