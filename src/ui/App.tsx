import { lazy, Suspense, useMemo, useState } from 'react';
import { datasetKind } from '../core/data/registry';
import type { Snapshot } from '../core/trainer/snapshot';
import type { TemperatureFamily } from '../core/temperature';
import type { Command } from '../state/shortcuts';
import { DEFAULT_MULTI_STEP } from '../state/pacing';
import { lastLearned, overlayCurves, withOverlayCurves } from './compare/overlayCurves';
import { useCompare } from './compare/useCompare';
import { SourceSwitch } from './byo/SourceSwitch';
import { useLoadedEmbeddings } from './byo/useLoadedEmbeddings';
import { AlertPanel } from './lab/AlertPanel';
import { ExportProvider } from './lab/ExportContext';
import { HeaderMenu } from './lab/HeaderMenu';
import { OptimisationSection } from './lab/OptimisationSection';
import { RunSetupSection } from './lab/RunSetupSection';
import { TemperatureSection } from './lab/TemperatureSection';
import { Transport } from './lab/Transport';
import { useLab } from './lab/useLab';
import { useShortcuts } from './lab/useShortcuts';
import { contextSliders, effectiveContext, type ContextSlider, type StudioContext } from './studio/contextSliders';
import { currentTemperature, labelledCurve } from './studio/studioState';
import { useLoaded } from './useLoaded';
import { useTheme, type ThemePreference } from './useTheme';
import { FullLabLink } from './share/FullLabLink';
import { LinkNotices } from './share/LinkNotices';
import { UnlabelledNotice } from './ownData/UnlabelledNotice';
import { useShare } from './share/useShare';
import { parseLink } from '../state/url';

// The page's first chunk holds React, the controls and the state. The figures (with d3) come in a chunk of
// their own, requested as this module loads so that it arrives while React renders the first screen. The
// panels and tools load once it has arrived and the browser has had an idle moment, so that fetching and
// rendering them does not compete with the first figure.
const figureGrid = import('./lab/FigureGrid');
const firstScreen = figureGrid.then(
  () => new Promise<void>((resolve) => (typeof requestIdleCallback === 'function' ? requestIdleCallback(() => resolve(), { timeout: 500 }) : setTimeout(resolve, 50))),
);
const afterFirstScreen = <M,>(load: () => Promise<M>): Promise<M> => firstScreen.then(load);
const ComparePanel = lazy(() => afterFirstScreen(() => import('./compare/ComparePanel')).then((m) => ({ default: m.ComparePanel })));
const SweepPanel = lazy(() => afterFirstScreen(() => import('./sweep/SweepPanel')).then((m) => ({ default: m.SweepPanel })));
const EmbeddingLoader = lazy(() => afterFirstScreen(() => import('./byo/EmbeddingLoader')).then((m) => ({ default: m.EmbeddingLoader })));
const LoadedFigureGrid = lazy(() => afterFirstScreen(() => import('./byo/LoadedFigureGrid')).then((m) => ({ default: m.LoadedFigureGrid })));
const ExportToolbar = lazy(() => afterFirstScreen(() => import('./lab/ExportToolbar')).then((m) => ({ default: m.ExportToolbar })));
const HelpDialog = lazy(() => afterFirstScreen(() => import('./lab/HelpDialog')).then((m) => ({ default: m.HelpDialog })));
const ClassroomTools = lazy(() => afterFirstScreen(() => import('./classroom/ClassroomTools')).then((m) => ({ default: m.ClassroomTools })));
const Tour = lazy(() => afterFirstScreen(() => import('./classroom/Tour')).then((m) => ({ default: m.Tour })));
const PresetGallery = lazy(() => afterFirstScreen(() => import('./share/PresetGallery')).then((m) => ({ default: m.PresetGallery })));
const RunsPanel = lazy(() => afterFirstScreen(() => import('./share/RunsPanel')).then((m) => ({ default: m.RunsPanel })));

const preferences: readonly { value: ThemePreference; label: string }[] = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

/** A run supplies the context: no step or alignment sliders then. */
const NO_SLIDERS: readonly ContextSlider[] = [];

/** What τ depends on besides s, taken from the run: its step and its batch's mean positive similarity. */
function runContext(family: TemperatureFamily, snapshot: Snapshot): StudioContext {
  return {
    step: family.dependsOn.includes('step') ? snapshot.step : 0,
    alignment: family.dependsOn.includes('alignment') ? snapshot.batch.alignment : 0,
  };
}

function runContextNote(family: TemperatureFamily, context: StudioContext): string | null {
  const parts: string[] = [];
  if (family.dependsOn.includes('step')) parts.push(`step t = ${context.step.toLocaleString('en-US')}`);
  if (family.dependsOn.includes('alignment')) parts.push(`batch alignment A = ${context.alignment.toFixed(3)}`);
  return parts.length > 0 ? `τ is drawn at this run’s ${parts.join(' and ')}.` : null;
}

/**
 * The lab: a training run in a worker, its controls in the sidebar and the figures beside them. The lab
 * controller holds everything about the run, τ included: the temperature controls' state (drafts,
 * validation, pins) is its studio, whose current curve is the run's temperature.
 */
export function App() {
  const { theme, preference, setPreference } = useTheme();
  const FigureGrid = useLoaded(figureGrid)?.FigureGrid;
  const { controller, view, linkNotices, initialFlags } = useLab();
  const [showExplanations, setShowExplanations] = useState(true);
  const [helpOpen, setHelpOpen] = useState(false);
  const [multiStep, setMultiStep] = useState(DEFAULT_MULTI_STEP);
  const share = useShare(controller, view, initialFlags);
  // Read before the address bar follows the controls (which drops it): the sweep a link asks the panel to show.
  const [sweepLink] = useState(() => parseLink(window.location.search).sweep);

  const { run, settings, studio } = view;
  const temperature = currentTemperature(studio);
  const snapshot = run.latest;
  const hasRun = snapshot !== undefined;
  const sliders = useMemo(() => (hasRun ? NO_SLIDERS : contextSliders(temperature.family, temperature.params)), [hasRun, temperature]);
  const studioContext = useMemo(() => effectiveContext(studio.context, sliders), [studio.context, sliders]);
  // Keyed on numbers, so a family that depends on neither step nor alignment is not recomputed per snapshot.
  const { step: runStep, alignment: runAlignment } = snapshot ? runContext(temperature.family, snapshot) : { step: null, alignment: null };
  const context = useMemo(
    () => (runStep === null || runAlignment === null ? studioContext : { step: runStep, alignment: runAlignment }),
    [runStep, runAlignment, studioContext],
  );
  const current = useMemo(() => labelledCurve(temperature, context), [temperature, context]);
  const compare = useCompare();
  // Keyed on labels, settings and what a run learned last: other new history points do not redraw the τ curves.
  const overlayKey = JSON.stringify(compare.overlays.map((o) => [o.label, o.temperature, lastLearned(o.history)]));
  const runCurves = useMemo(() => overlayCurves(compare.overlays, context), [overlayKey, context]);
  const curves = useMemo(() => withOverlayCurves({ current, pins: studio.pins }, runCurves), [current, studio.pins, runCurves]);

  const byo = useLoadedEmbeddings(temperature.setting);
  const loaded = byo.state.source === 'loaded' ? byo.state.loaded : undefined;

  useShortcuts((command: Command) => {
    switch (command) {
      case 'togglePlay':
        return controller.togglePlay();
      case 'step':
        return controller.step(1);
      case 'reset':
        return controller.reset();
      case 'help':
        return setHelpOpen(true);
    }
  });

  const appliedKind = datasetKind(settings.applied.config.dataset.id);
  // What exported files say they show: the run's config with the temperature as drawn, at the newest step.
  const appliedConfig = settings.applied.config;
  const labConfig = useMemo(() => ({ ...appliedConfig, temperature: temperature.setting }), [appliedConfig, temperature]);
  const exportSource = useMemo(() => ({ config: labConfig, step: snapshot?.step ?? 0 }), [labConfig, snapshot?.step]);

  return (
    <ExportProvider source={exportSource}>
      <header className="site-header">
        <div>
          <h1>DySTreSS Lab</h1>
          <p>Train a small contrastive model in your browser and watch what a similarity-dependent temperature τ(s) does to it.</p>
        </div>
        <FullLabLink settings={settings.draft} flags={share.flags} />
        <HeaderMenu>
          <Suspense fallback={null}>
            <ExportToolbar />
            <ClassroomTools classroom={share.flags.classroom} onClassroom={(on) => share.setFlag('classroom', on)} onTour={() => share.setFlag('tour', true)} />
          </Suspense>
          <button type="button" className="secondary" aria-pressed={!showExplanations} onClick={() => setShowExplanations((v) => !v)}>
            Hide explanations
          </button>
          <button type="button" className="secondary" aria-keyshortcuts="?" onClick={() => setHelpOpen(true)}>
            Shortcuts
          </button>
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
        </HeaderMenu>
      </header>
      <Transport view={view} controller={controller} multiStep={multiStep} onMultiStep={setMultiStep} />
      <div className="lab">
        {share.flags.tour && (
          <Suspense fallback={null}>
            <Tour onPreset={share.applyLink} onClose={() => share.setFlag('tour', false)} />
          </Suspense>
        )}
        <aside className="sidebar" aria-label="Settings">
          <TemperatureSection
            studio={studio}
            dispatch={controller.dispatchStudio}
            temperature={temperature}
            contextSliders={sliders}
            context={context}
            contextNote={snapshot ? runContextNote(temperature.family, context) : null}
          />
          <Suspense fallback={null}>
            <EmbeddingLoader byo={byo} />
          </Suspense>
          <OptimisationSection config={settings.draft.config} datasetKind={appliedKind} onChange={controller.editConfig} />
          <RunSetupSection
            settings={settings}
            backendReport={run.info?.backend}
            restarting={view.restarting}
            onChange={controller.editDraft}
            onApply={controller.applyDraft}
            onRevert={controller.revertDraft}
            ownData={view.ownData}
            onLoadOwnData={controller.loadOwnData}
          />
          <Suspense fallback={null}>
            <PresetGallery onApply={share.applyLink} />
            <RunsPanel view={view} flags={share.flags} onOpen={share.openRecorded} onHideRecorded={() => controller.showRecorded(null)} />
          </Suspense>
        </aside>
        <main className="figures-area">
          <LinkNotices notices={linkNotices} />
          {run.info?.datasetSummary.unlabelled && <UnlabelledNotice name={run.info.datasetSummary.label} />}
          {run.alert && (
            <AlertPanel
              alert={run.alert}
              learningRate={settings.applied.config.optimizer.learningRate}
              onHalveAndContinue={() => controller.halveLearningRateAndContinue()}
              onRestart={() => controller.reset()}
              onRecover={() => controller.recoverFromLostWorker()}
              onDismiss={() => controller.dismissAlert()}
            />
          )}
          <SourceSwitch state={byo.state} runStep={snapshot?.step} onChange={byo.setSource} />
          {loaded ? (
            <Suspense fallback={null}>
              <LoadedFigureGrid loaded={loaded} temperature={temperature} curves={curves} theme={theme} showExplanations={showExplanations} onRequestUmap={byo.requestUmap} />
            </Suspense>
          ) : (
            <>
              <Suspense fallback={null}>
                <ComparePanel
                  controller={compare.controller}
                  state={compare.state}
                  run={run}
                  config={settings.applied.config}
                  backend={run.info?.backend.actual ?? settings.applied.backend}
                  temperature={temperature.setting}
                  theme={theme}
                  pauseMainRun={() => run.running && controller.togglePlay()}
                />
              </Suspense>
              {FigureGrid && (
                <FigureGrid
                  run={run}
                  temperature={temperature}
                  context={context}
                  curves={curves}
                  theme={theme}
                  showExplanations={showExplanations}
                  overlays={compare.overlays}
                  loss={appliedConfig.loss}
                />
              )}
              {/* Below the figures, so that opening it moves none of them. */}
              <Suspense fallback={null}>
                <SweepPanel
                  config={labConfig}
                  family={temperature.family}
                  backend={run.info?.backend.actual ?? settings.applied.backend}
                  theme={theme}
                  linkForm={sweepLink}
                  pauseMainRun={() => run.running && controller.togglePlay()}
                  onLoadCell={(config) => {
                    controller.applySettings({ config, backend: settings.draft.backend });
                    controller.dispatchStudio({ type: 'pin' });
                  }}
                />
              </Suspense>
            </>
          )}
        </main>
      </div>
      <Suspense fallback={null}>
        <HelpDialog open={helpOpen} onClose={() => setHelpOpen(false)} />
      </Suspense>
    </ExportProvider>
  );
}
