import { isBackendChoice, type BackendChoice } from '../worker/backends';

/**
 * The lab's URL parameters: `?backend=wasm` (auto, webgpu, webgl, wasm or cpu) chooses the backend the
 * engine starts on. An unknown value is reported, not silently ignored.
 */
export function backendFromQuery(search: string): { readonly backend: BackendChoice; readonly warning: string | null } {
  const value = new URLSearchParams(search).get('backend');
  if (value === null || value === '') return { backend: 'auto', warning: null };
  if (isBackendChoice(value)) return { backend: value, warning: null };
  return { backend: 'auto', warning: `The URL asks for backend “${value}”, which does not exist (auto, webgpu, webgl, wasm or cpu); choosing one automatically.` };
}
