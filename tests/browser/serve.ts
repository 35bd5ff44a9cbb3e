import type { TestProject } from 'vitest/node';
import { startPreviewServer } from './previewServer';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the built app is served, e.g. http://127.0.0.1:41234/ */
    appUrl: string;
  }
}

/** Vitest globalSetup of the browser project: serve dist/ for the whole run, stop it afterwards. */
export default async function serveBuiltApp(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPreviewServer();
  project.provide('appUrl', server.url);
  return () => server.stop();
}
