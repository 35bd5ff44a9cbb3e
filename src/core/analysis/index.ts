export * from './curves';
export * from './gradients';
