/** n embeddings of dimension `cols`, row-major float32 (as read from .npy/.csv or the GPU). */
export interface EmbeddingMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float32Array;
}
