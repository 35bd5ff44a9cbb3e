export * from './layers';
export * from './encoder';
export * from './optimizer';
export * from './flops';
export * from './matmul';
