import type { BackendName } from '../core/config/backend';

/** The devices behind the backends here, as far as the browser tells: what a timing depends on. */
export interface DeviceDescription {
  /** The WebGPU adapter ("google swiftshader"), when there is one. */
  readonly webgpu?: string;
  /** The WebGL renderer, when WebGL2 is available. */
  readonly webgl?: string;
  readonly cores: number;
  readonly crossOriginIsolated: boolean;
  /** Backends with a device here (wasm always). */
  readonly available: readonly BackendName[];
  /** GPU backends whose device is a software renderer. */
  readonly software: readonly BackendName[];
}

const SOFTWARE_RENDERER = /swiftshader|llvmpipe|lavapipe|software/i;

export async function describeDevices(): Promise<DeviceDescription> {
  const webgpu = await webGpuAdapter();
  const webgl = webGlRenderer();
  const available: BackendName[] = [...(webgpu ? (['webgpu'] as const) : []), ...(webgl ? (['webgl'] as const) : []), 'wasm'];
  const software: BackendName[] = [];
  if (webgpu?.software) software.push('webgpu');
  if (webgl && SOFTWARE_RENDERER.test(webgl)) software.push('webgl');
  return {
    ...(webgpu ? { webgpu: webgpu.label } : {}),
    ...(webgl ? { webgl } : {}),
    cores: globalThis.navigator?.hardwareConcurrency ?? 1,
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    available,
    software,
  };
}

async function webGpuAdapter(): Promise<{ label: string; software: boolean } | null> {
  const adapter = await globalThis.navigator?.gpu?.requestAdapter().catch(() => null);
  if (!adapter) return null;
  const info = (adapter as unknown as { info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean } }).info;
  const label = [info?.vendor, info?.architecture, info?.description].filter(Boolean).join(' ') || 'unnamed adapter';
  const fallback = (adapter as unknown as { isFallbackAdapter?: boolean }).isFallbackAdapter || info?.isFallbackAdapter;
  return { label, software: fallback === true || SOFTWARE_RENDERER.test(label) };
}

function webGlRenderer(): string | null {
  const gl = typeof OffscreenCanvas === 'undefined' ? null : new OffscreenCanvas(1, 1).getContext('webgl2');
  if (!gl) return null;
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  return String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
}
