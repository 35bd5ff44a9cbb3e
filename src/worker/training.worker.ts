/// <reference lib="webworker" />
import { expose } from 'comlink';
import { selectBackend, wasmThreading } from './backends';
import { TrainingEngine } from './engine';
import { chooseByMeasurement } from './measureBackends';

/**
 * The training worker: the engine, with the real backend selection (and, for `auto`, the choice by measured
 * training steps), exposed to the page through comlink.
 */
expose(
  new TrainingEngine({
    selectBackend: (requested) => selectBackend(requested),
    measureBackends: (config, dataset, provisional) => chooseByMeasurement(config, dataset, provisional),
    wasmThreading,
  }),
);
