export * from './schema';
export * from './parse';
export * from './runFile';
export * from './backend';
export * from './comparePlan';
export * from './live';
