/**
 * The main page loads no tfjs: it arrives with the workers, which the page starts with
 * `new Worker(new URL(…))` (no import, so the cruise does not follow it). Only imports that survive
 * compilation count here (tsPreCompilationDeps off): a type import from a worker module ships nothing.
 */
const rooms = require('./.dependency-cruiser.cjs');

module.exports = {
  forbidden: [
    {
      name: 'page-no-tfjs',
      comment: 'Nothing reachable from the page’s entry, lazy chunks included, may be tfjs.',
      severity: 'error',
      from: { path: '^src/main\\.tsx$' },
      to: { path: ['(^|/)node_modules/@tensorflow/', '^src/core/tf\\.ts$'], reachable: true },
    },
  ],
  options: { ...rooms.options, tsPreCompilationDeps: false },
};
