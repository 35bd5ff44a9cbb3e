export * from './ntxent';
