export * from './ntxent';
export * from './streamingLoss';
