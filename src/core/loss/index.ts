export * from './ntxent';
export * from './streamingLoss';
export * from './learnableScale';
export * from './siglip';
