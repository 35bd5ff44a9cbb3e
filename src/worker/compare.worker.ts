/// <reference lib="webworker" />
import { expose } from 'comlink';
import { selectBackend } from './backends';
import { CompareEngine } from './compareEngine';

/** The comparison worker: K trainers stepped in turn, beside the main run's worker. */
expose(new CompareEngine({ selectBackend: (requested) => selectBackend(requested) }));
