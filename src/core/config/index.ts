export * from './schema';
export * from './parse';
export * from './runFile';
export * from './live';
