import { useEffect, useRef } from 'react';
import type { SampleImages } from '../../worker/datasets';

export interface HoveredSample {
  /** Index among the embedding view's held-out points. */
  readonly index: number;
  readonly className: string;
  readonly clientX: number;
  readonly clientY: number;
}

const ZOOM = 3;

/** The held-out sample under the pointer in the embedding view: its image (image datasets) and class. */
export function SampleTooltip({ sample, images }: { readonly sample: HoveredSample; readonly images?: SampleImages }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context || !images) return;
    const { rows, cols, channels, inverted, pixels } = images;
    const image = context.createImageData(cols, rows);
    const offset = sample.index * rows * cols * channels;
    for (let k = 0; k < rows * cols; k++) {
      // MNIST-style data is white on black; drawn dark on light, as on paper.
      const at = (c: number): number => (inverted ? 255 - pixels[offset + k * channels + c]! : pixels[offset + k * channels + c]!);
      image.data.set(channels === 3 ? [at(0), at(1), at(2), 255] : [at(0), at(0), at(0), 255], 4 * k);
    }
    context.putImageData(image, 0, 0);
  }, [images, sample.index]);

  const hasImage = images !== undefined && (sample.index + 1) * images.rows * images.cols * images.channels <= images.pixels.length;
  return (
    <div className="sample-tooltip" role="tooltip" style={{ left: sample.clientX + 14, top: sample.clientY + 14 }}>
      {hasImage && (
        <canvas
          ref={canvas}
          width={images.cols}
          height={images.rows}
          style={{ width: images.cols * ZOOM, height: images.rows * ZOOM }}
          aria-label={`held-out sample ${sample.index + 1}: ${sample.className}`}
        />
      )}
      <span>
        <strong>{sample.className}</strong>
        <br />
        held-out sample {sample.index + 1}
      </span>
    </div>
  );
}
