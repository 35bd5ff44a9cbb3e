import type { Snapshot } from '../core/trainer';

/**
 * A copy of a snapshot whose typed arrays own their buffers, and those buffers, for postMessage's transfer
 * list. Copying first matters: the trainer keeps some of the arrays (the batch labels, the last healthy
 * batch it shows after a rollback), and transferring would empty them; arrays may also share one buffer,
 * which a transfer list may not name twice. The copy costs far less than the read-back it follows.
 */
export function transferableSnapshot(snapshot: Snapshot): { snapshot: Snapshot; buffers: ArrayBuffer[] } {
  const buffers: ArrayBuffer[] = [];
  const own = <A extends Float32Array | Int32Array>(array: A): A => {
    const copy = array.slice() as A;
    buffers.push(copy.buffer as ArrayBuffer);
    return copy;
  };
  const { batch, embedding } = snapshot;
  return {
    snapshot: {
      ...snapshot,
      batch: {
        ...batch,
        similarity: own(batch.similarity),
        labels: own(batch.labels),
        pairs: {
          truePositive: own(batch.pairs.truePositive),
          falseNegative: own(batch.pairs.falseNegative),
          trueNegative: own(batch.pairs.trueNegative),
        },
      },
      embedding: { ...embedding, points: own(embedding.points), labels: own(embedding.labels), views: { ...embedding.views, a: own(embedding.views.a), b: own(embedding.views.b) } },
    },
    buffers,
  };
}
