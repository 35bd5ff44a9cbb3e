/// <reference lib="webworker" />
import { expose } from 'comlink';
import { selectBackend } from './backends';
import { TrainingEngine } from './engine';

/** The training worker: the engine, with the real backend selection, exposed to the page through comlink. */
expose(new TrainingEngine({ selectBackend: (requested) => selectBackend(requested) }));
