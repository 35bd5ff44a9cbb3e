export * from './snapshot';
export * from './trainer';
export * from './dataset';
export * from './history';
export * from './experiment';
export * from './learnedParameters';
