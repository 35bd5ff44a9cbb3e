export * from './types';
export * from './pairMetrics';
export * from './similarityBlocks';
export * from './pairPass';
export * from './batchedLoss';
export * from './analyse';
export * from './pairTypes';
