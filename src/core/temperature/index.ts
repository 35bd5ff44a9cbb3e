export * from './types';
export * from './ops';
export * from './families';
export * from './formula';
export * from './registry';
export * from './learned';
export * from './learnable';
export * from './temperatureFree';
export { predictsTemperature, variesPerSample } from './perSample';
