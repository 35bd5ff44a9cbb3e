import { describe, expect, it } from 'vitest';
import { describeMeasurement, describeWasmThreads, formatStepTime } from '../../src/state/status';
import type { EngineInfo } from '../../src/worker/protocol';

type Report = EngineInfo['backend'];
const base: Report = { requested: 'auto', actual: 'wasm', attempts: [{ name: 'wasm', ok: true }] };

describe('backend status', () => {
  it('says how many threads wasm runs on, or why it runs on one', () => {
    expect(describeWasmThreads({ ...base, wasm: { threads: 3, crossOriginIsolated: true } })).toBe('wasm runs on 3 threads (the page is cross-origin isolated)');
    expect(describeWasmThreads({ ...base, wasm: { threads: 1, crossOriginIsolated: true } })).toBe(
      'wasm runs on 1 thread (the page is cross-origin isolated; one core is left to the page)',
    );
    expect(describeWasmThreads({ ...base, wasm: { threads: 1, crossOriginIsolated: false } })).toBe(
      'wasm runs single-threaded: this page is not cross-origin isolated, so tfjs cannot start its threaded build',
    );
    expect(describeWasmThreads({ ...base, actual: 'webgl' })).toBeNull();
  });

  it('lists what auto measured, fastest chosen, and what it could not measure', () => {
    const report: Report = {
      ...base,
      measurement: {
        chosen: 'wasm',
        remembered: false,
        timings: [
          { name: 'wasm', label: 'wasm', software: false, msPerStep: 18.4 },
          { name: 'webgl', label: 'webgl (SwiftShader)', software: true, msPerStep: 95.2 },
          { name: 'webgpu', label: 'webgpu (google swiftshader)', software: true, skipped: 'not measured: the 8 s start-up budget was spent' },
        ],
      },
    };
    expect(describeMeasurement(report)).toBe(
      'auto: wasm 18 ms/step, webgl (SwiftShader) 95 ms/step, webgpu (google swiftshader) not measured: the 8 s start-up budget was spent → wasm',
    );
    expect(describeMeasurement({ ...report, measurement: { ...report.measurement!, remembered: true } })).toMatch(/→ wasm \(measured earlier on this device and configuration\)$/);
    expect(describeMeasurement(base)).toBeNull();
  });

  it('writes step times in ms below a second and in s above', () => {
    expect([formatStepTime(4.26), formatStepTime(18.4), formatStepTime(1234)]).toEqual(['4.3 ms/step', '18 ms/step', '1.2 s/step']);
  });
});
