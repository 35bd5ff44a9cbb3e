/// <reference lib="webworker" />
import { errorMessage } from '../core/errors';
import { runPairPanels } from '../core/metrics';
import type { PanelReply, PanelRequest } from './analysisPool';
import { selectBackend } from './backends';

/**
 * One worker of the page's pair-pass pool: its own wasm backend (cpu if wasm fails), computing the panels it
 * is given — every `stride`-th from `first` — and answering with its partial state (arrays transferred).
 */
let backend: Promise<string> | undefined;
const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = async ({ data }: MessageEvent<PanelRequest>) => {
  let reply: PanelReply;
  const transfer: Transferable[] = [];
  try {
    await (backend ??= selectBackend('wasm').then((r) => r.actual));
    let next = data.first;
    const partial = await runPairPanels(data.z, data.spec, () => ((next += data.stride), next - data.stride));
    reply = { id: data.id, ok: true, partial };
    transfer.push(partial.pairs.topValues.buffer, partial.pairs.topIndices.buffer);
    if (partial.loss) transfer.push(partial.loss.rowSums.buffer, partial.loss.positives.buffer);
  } catch (e) {
    reply = { id: data.id, ok: false, message: errorMessage(e) };
  }
  scope.postMessage(reply, transfer);
};
