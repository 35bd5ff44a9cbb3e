/**
 * A worker thread of `npm run sweep`: starts its tfjs backend once, then trains each config it is sent, the way
 * the runner trains it (trainHeadless, on the --data files it was started with), and answers with the history and any divergence.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { errorMessage } from '../core/errors';
import type { OwnDataFiles } from '../io/ownData';
import { initNodeBackend, type NodeBackend } from './backend';
import { holdConsole } from './cli';
import type { SweepJob, SweepJobResult } from './sweepProtocol';
import { trainHeadless } from './train';

const port = parentPort!;
// Library chatter (tfjs, emscripten) would interleave with the sweep's own lines: keep it off both streams.
holdConsole();
const { backend, ownData } = workerData as { backend: NodeBackend; ownData?: OwnDataFiles };
const ready = initNodeBackend(backend);

port.on('message', (job: SweepJob) => {
  void ready
    .then(() => trainHeadless(job.config, { ...(ownData ? { ownData } : {}), steps: job.steps, evalEvery: job.evalEvery }))
    .then(
      (outcome): SweepJobResult => ({ id: job.id, history: outcome.history, divergence: outcome.divergence && { message: outcome.divergence.message } }),
      (e: unknown): SweepJobResult => ({ id: job.id, error: errorMessage(e) }),
    )
    .then((result) => port.postMessage(result));
});
