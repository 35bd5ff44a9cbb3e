import path from 'node:path';
import { readBytes } from './cli';

/** Prepared dataset files (npm run prepare-data) as the command-line tools read them. */
export const readDataFile = (fileName: string): Promise<ArrayBuffer> =>
  readBytes('dataset', path.join(process.cwd(), 'public', 'data', fileName));
