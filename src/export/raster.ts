import { CSS_PIXELS_PER_METRE, insertTextChunks, withPixelDensity, type PngText } from './png';
import { scaledSvgText } from './svg';

/**
 * SVG → PNG in the browser: the serialised SVG as a Blob URL, loaded into an Image, drawn on a canvas of
 * the written size × scale, encoded by toBlob; then the pixel density is set to 96 dpi × scale (so the
 * PNG prints at the SVG's size) and the tEXt chunks go in before IEND.
 */
export async function rasterizeSvg(svg: SVGSVGElement, scale: number, text: readonly PngText[]): Promise<Uint8Array> {
  const width = Number(svg.getAttribute('width')) * scale;
  const height = Number(svg.getAttribute('height')) * scale;
  const url = URL.createObjectURL(new Blob([scaledSvgText(document, svg, scale)], { type: 'image/svg+xml' }));
  try {
    const image = new Image(width, height);
    image.decoding = 'async';
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const context = canvas.getContext('2d');
    if (!context) throw new Error('this browser gives no 2-D canvas to draw the PNG on');
    context.drawImage(image, 0, 0, width, height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!blob) throw new Error(`the browser could not encode a ${width} × ${height} PNG`);
    const png = withPixelDensity(new Uint8Array(await blob.arrayBuffer()), CSS_PIXELS_PER_METRE * scale);
    return insertTextChunks(png, text);
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Saves bytes or text as a file through a temporary link (the browser's download). */
export function downloadFile(name: string, content: Uint8Array | string, type: string): void {
  const blob = new Blob([content as BlobPart], { type });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the URL; give it a moment before the URL goes.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
