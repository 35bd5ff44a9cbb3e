export * from './types';
export * from './ops';
export * from './families';
export * from './formula';
export * from './registry';
export { predictsTemperature, variesPerSample } from './perSample';
