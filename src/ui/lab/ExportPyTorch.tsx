import { useMemo, useRef, useState } from 'react';
import { variesPerSample, type Temperature } from '../../core/temperature';
import { pytorchSnippet, type LossSettings } from '../../core/temperature/pytorch';
import { APP_VERSION } from '../../export/metadata';

/**
 * The temperature as PyTorch code: `tau(s)` and the lab's NT-Xent, generated from the same definition the
 * figure plots. "Copy PyTorch" puts it on the clipboard; the disclosure shows it.
 */
export function ExportPyTorch({ temperature, loss, step }: { readonly temperature: Temperature; readonly loss: LossSettings; readonly step: number }) {
  const code = useMemo(() => pytorchSnippet(temperature, loss, { step, version: APP_VERSION }), [temperature, loss, step]);
  const [copied, setCopied] = useState<string | null>(null);
  const details = useRef<HTMLDetailsElement>(null);

  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(code);
      setCopied('Copied to the clipboard.');
    } catch {
      if (details.current) details.current.open = true;
      setCopied('The browser refused the clipboard: select the code below and copy it.');
    }
  };

  return (
    <>
      <button type="button" className="secondary small" onClick={() => void copy()}>
        Copy PyTorch
      </button>
      {copied && (
        <span className="copy-note" role="status">
          {copied}
        </span>
      )}
      <details className="pytorch-code" ref={details}>
        <summary>{variesPerSample(temperature.family) ? 'PyTorch code for this loss' : 'PyTorch code for this τ(s)'}</summary>
        <pre tabIndex={0} aria-label="PyTorch code for this temperature">
          <code>{code}</code>
        </pre>
      </details>
    </>
  );
}
