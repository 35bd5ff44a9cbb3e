export * from './types';
export * from './pairMetrics';
export * from './similarityBlocks';
export * from './analyze';
export * from './pairTypes';
