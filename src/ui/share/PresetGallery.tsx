import { memo } from 'react';
import { PRESETS } from '../../state/presets';

interface PresetGalleryProps {
  /** Loads a preset's link into the running lab. */
  readonly onApply: (query: string) => void;
}

/**
 * The presets, each a real link (open it in a new tab, copy it into a course page); a plain click loads it
 * into this lab without reloading the page.
 */
export const PresetGallery = memo(function PresetGallery({ onApply }: PresetGalleryProps) {
  return (
    <section className="panel" aria-labelledby="presets-heading">
      <div className="panel-head">
        <h2 id="presets-heading">Presets</h2>
      </div>
      <ul className="preset-list">
        {PRESETS.map((preset) => (
          <li key={preset.id}>
            <a
              href={preset.query}
              aria-describedby={`preset-${preset.id}`}
              onClick={(event) => {
                if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
                event.preventDefault();
                onApply(preset.query);
              }}
            >
              {preset.title}
            </a>
            <span id={`preset-${preset.id}`} className="help">
              {preset.description}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
});
