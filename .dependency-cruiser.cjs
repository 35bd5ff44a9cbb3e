/**
 * The rooms of src/ and who may enter which (docs/ARCHITECTURE.md). tests/unit/rooms.test.ts runs these
 * rules in `npm test`; `npx depcruise src` runs them by hand. Type-only imports are seen
 * (tsPreCompilationDeps), so a rule that is about run time says `dependencyTypesNot: ['type-only']`.
 */
/** Resolved from the repository's node_modules, also for the planted fixtures in tests/unit/fixtures. */
const tfjs = '(^|/)node_modules/@tensorflow/';
/** The core's tfjs entry (tfjs-core with every gradient registered). */
const coreTf = '^src/core/tf\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'core-no-ui',
      comment: 'The core imports only the core and pure libraries: no React, no DOM code, no worker, state, figures or UI.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: ['^src/(ui|state|worker|figures|export|diagnostics|cli|node)/', '^node_modules/(react|react-dom)/'] },
    },
    {
      name: 'figures-no-tfjs-worker-state-ui',
      comment: 'Figures are pure functions of data: no tfjs, no worker, no state, no UI.',
      severity: 'error',
      from: { path: '^src/figures/' },
      to: { path: [tfjs, coreTf, '^src/(worker|state|ui)/', '^node_modules/(react|react-dom)/'] },
    },
    {
      name: 'state-no-tfjs',
      comment: 'UI state holds no tensors.',
      severity: 'error',
      from: { path: '^src/state/' },
      to: { path: [tfjs, coreTf] },
    },
    {
      name: 'state-worker-types-only',
      comment: 'State may know the worker protocol’s types, but runs none of the worker’s code.',
      severity: 'error',
      from: { path: '^src/state/' },
      to: { path: '^src/worker/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'state-worker-protocol-only',
      comment: 'The types state takes from the worker are the protocol’s.',
      severity: 'error',
      from: { path: '^src/state/' },
      to: { path: '^src/worker/', pathNot: '^src/worker/[A-Za-z]*[pP]rotocol\\.ts$' },
    },
    {
      name: 'ui-no-tfjs',
      comment: 'The UI never calls tfjs: tensors live in the workers.',
      severity: 'error',
      from: { path: '^src/ui/' },
      to: { path: [tfjs, coreTf], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'export-figures-and-core-only',
      comment: 'Export draws with the figure functions and writes files: no tfjs, worker, state or UI.',
      severity: 'error',
      from: { path: '^src/export/' },
      to: { path: [tfjs, coreTf, '^src/(worker|state|ui)/', '^node_modules/(react|react-dom)/'] },
    },
    {
      name: 'io-core-only',
      comment: 'The file parsers are pure: they run in the CLI, the analysis worker and the page alike.',
      severity: 'error',
      from: { path: '^src/io/' },
      to: { path: [tfjs, coreTf, '^src/(worker|state|ui|figures|export|node|cli)/', '^node_modules/(react|react-dom)/'] },
    },
    {
      name: 'no-circular',
      comment: 'Import cycles make the rooms one room.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
