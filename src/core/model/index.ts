export * from './layers';
export * from './encoder';
export * from './optimizer';
