import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { AlertPanel } from '../../src/ui/lab/AlertPanel';

const noop = (): void => undefined;
const render = (alert: Parameters<typeof AlertPanel>[0]['alert']): string =>
  renderToStaticMarkup(createElement(AlertPanel, { alert, learningRate: 0.5, onHalveAndContinue: noop, onRestart: noop, onRecover: noop, onDismiss: noop }));

describe('alert panel', () => {
  it('explains a divergence in plain words and offers the way back', () => {
    const html = render({
      kind: 'divergence',
      divergence: {
        quantity: 'loss',
        step: 1057,
        rolledBackTo: 1040,
        message: 'The loss stopped being finite at step 1057, usually a learning rate too high for this temperature. The weights of step 1040 were restored.',
      },
    });
    expect(html).toContain('role="alert"');
    expect(html).toContain('Training diverged at step 1,057');
    expect(html).toContain('The loss stopped being finite at step 1057');
    expect(html).toContain('The run is paused at step 1,040');
    expect(html).toContain('now 0.5');
    expect(html).toContain('>Halve learning rate and continue</button>');
    expect(html).toContain('>Dismiss</button>');
  });

  it('shows an engine error with a way to start again', () => {
    const html = render({ kind: 'error', message: 'The run could not start: could not download …/mnist.bin: HTTP 404' });
    expect(html).toContain('role="alert"');
    expect(html).toContain('The run could not start: could not download');
    expect(html).toContain('>Start again</button>');
  });

  it('says at which step the training worker stopped and why, and offers a restart that keeps the history', () => {
    const html = render({ kind: 'lost', step: 1240, why: 'the worker was closed (by the browser, or it crashed)' });
    expect(html).toContain('The training worker stopped at step 1,240');
    expect(html).toContain('has ended: the worker was closed (by the browser, or it crashed).');
    expect(html).toContain('>Restart, keeping this history</button>');
  });

  it('says that the GPU device was lost and where the run went', () => {
    const html = render({ kind: 'fellBack', step: 12, from: 'webgpu', to: 'webgl', why: 'lost (driver reset)' });
    expect(html).toContain('The webgpu device was lost at step 12');
    expect(html).toContain('The GPU device was lost (driver reset). Training moved to webgl');
  });
});
