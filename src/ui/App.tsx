import { TemperatureStudio } from './studio/TemperatureStudio';
import { useTheme, type ThemePreference } from './useTheme';

const preferences: readonly { value: ThemePreference; label: string }[] = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

export function App() {
  const { theme, preference, setPreference } = useTheme();
  return (
    <>
      <header className="site-header">
        <div>
          <h1>DySTreSS Lab</h1>
          <p>
            A browser lab for the temperature of contrastive self-supervised learning: see how a
            similarity-dependent τ reshapes the logits of the NT-Xent loss.
          </p>
        </div>
        <label className="theme-picker">
          Theme
          <select value={preference} onChange={(e) => setPreference(e.target.value as ThemePreference)}>
            {preferences.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
      </header>
      <main>
        <TemperatureStudio theme={theme} />
      </main>
    </>
  );
}
