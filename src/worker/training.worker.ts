/// <reference lib="webworker" />
import { expose } from 'comlink';
import { selectBackend } from './backends';
import { TrainingEngine } from './engine';
import { holdLifeline } from './lifeline';

/**
 * The training worker: the engine, with the real backend selection, exposed to the page through comlink. It
 * holds its lifeline (named as the worker) so the page learns when it ends.
 */
const engine = new TrainingEngine({ selectBackend: (requested) => selectBackend(requested) });
engine.lifeline = holdLifeline(self.name);
expose(engine);
