/**
 * tfjs-core with every gradient registered. The core imports tf from here, never from the package directly:
 * without the umbrella @tensorflow/tfjs package, gradients are only known once this side effect has run.
 */
// tfjs-core first: in Vite's dev server the gradient module is pre-bundled separately, and evaluating it
// before the core's flags are registered fails ("Cannot evaluate flag 'DEBUG'").
import '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { Greater, GreaterEqual, Less, LessEqual, registerGradient, zerosLike, type Tensor } from '@tensorflow/tfjs-core';

// Comparisons are piecewise constant: zero gradient. tfjs registers none, which breaks back-prop through a
// piecewise temperature (the shifted DySTreSS, custom `a < b ? x : y`) when τ is not detached.
for (const kernelName of [Less, LessEqual, Greater, GreaterEqual]) {
  registerGradient({
    kernelName,
    inputsToSave: ['a', 'b'],
    gradFunc: (_dy, saved) => {
      const [a, b] = saved as [Tensor, Tensor];
      return { a: () => zerosLike(a), b: () => zerosLike(b) };
    },
  });
}

export * from '@tensorflow/tfjs-core';
