/// <reference lib="webworker" />
import { expose } from 'comlink';
import { selectBackend } from './backends';
import { SweepEngine } from './sweepEngine';

/** One worker of the page's sweep pool: trains the runs it is handed, one at a time. */
expose(new SweepEngine({ selectBackend: (requested) => selectBackend(requested) }));
