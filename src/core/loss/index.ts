export * from './ntxent';
export * from './streamingLoss';
export * from './learnableScale';
