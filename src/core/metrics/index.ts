export * from './types';
export * from './pairMetrics';
export * from './similarityBlocks';
export * from './analyse';
export * from './pairTypes';
