/// <reference lib="webworker" />
import { expose } from 'comlink';
import { AnalysisEngine } from './analysis';
import { selectBackend } from './backends';

/** The analysis worker: loaded embeddings and UMAP, on wasm (as the analyzer in Node), cpu if wasm fails. */
expose(new AnalysisEngine(async () => (await selectBackend('wasm')).actual));
