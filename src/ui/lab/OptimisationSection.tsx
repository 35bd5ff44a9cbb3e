import { memo } from 'react';
import type { TrainingConfig } from '../../core/config';
import { findFamily } from '../../core/temperature';
import { imageAugmentationSpecs, vectorAugmentationSpecs } from '../../core/data/augmentOptions';
import { parseLearningRate } from '../../state/inputs';
import { CheckboxField } from '../controls/CheckboxField';
import { SelectField } from '../controls/SelectField';
import { NumberField } from '../controls/NumberField';
import { RangeSlider } from '../controls/RangeSlider';

interface OptimisationSectionProps {
  readonly config: TrainingConfig;
  /** Which augmentations apply: the running dataset's kind. */
  readonly datasetKind: 'vector' | 'image';
  /** Applies a change to the newest draft's config. */
  readonly onChange: (change: (config: TrainingConfig) => TrainingConfig) => void;
}

const LOSS_OPTIONS = [
  { value: 'nt-xent', label: 'NT-Xent (softmax)' },
  { value: 'siglip', label: 'SigLIP (pairwise sigmoid)' },
] as const;

/** The loss and optimiser settings the trainer takes while running. */
export const OptimisationSection = memo(function OptimisationSection({ config, datasetKind, onChange }: OptimisationSectionProps) {
  const setLoss = (change: Partial<TrainingConfig['loss']>): void => onChange((c) => ({ ...c, loss: { ...c.loss, ...change } }));
  const siglip = config.loss.objective === 'siglip';
  return (
    <section className="panel" aria-labelledby="optimisation-heading">
      <div className="panel-head">
        <h2 id="optimisation-heading">Loss and optimiser</h2>
        <span className="badge live">live</span>
      </div>
      <NumberField
        label="Learning rate"
        value={config.optimizer.learningRate}
        parse={parseLearningRate}
        onChange={(learningRate) => onChange((c) => ({ ...c, optimizer: { ...c.optimizer, learningRate } }))}
        help={`${config.optimizer.kind === 'adam' ? 'AdamW' : 'SGD'} step size; too large for a small τ and the run diverges.`}
      />
      <SelectField
        label="Loss"
        value={config.loss.objective}
        options={LOSS_OPTIONS}
        onChange={(objective) => setLoss({ objective })}
        help={
          siglip
            ? 'Each pair its own binary problem: logit t·s/τ(s) + b, t and b learned from 10 and −10. Use τ = 1 (constant) for the paper’s t·s + b.'
            : 'Softmax cross-entropy over each row: the negatives share one denominator.'
        }
      />
      <CheckboxField
        label="Detach τ"
        checked={config.loss.detachTemperature}
        onChange={(detachTemperature) => setLoss({ detachTemperature })}
        help={
          findFamily(config.temperature.family)?.logitFunction
            ? 'Does not apply to this family: its logit is a function of s, and the gradient through it is the method.'
            : 'Treat τᵢⱼ as a constant in back-propagation, as the official code does. Off: the gradient also flows through τ(s).'
        }
      />
      <CheckboxField
        label="Decoupled loss (DCL)"
        checked={config.loss.decoupled}
        onChange={(decoupled) => setLoss({ decoupled })}
        help={siglip ? 'Does not apply to SigLIP: it has no softmax denominator.' : 'Leave the positive out of the softmax denominator.'}
      />
      <details className="augmentation">
        <summary>Augmentation strength</summary>
        {datasetKind === 'vector'
          ? vectorAugmentationSpecs.map((spec) => (
              <RangeSlider
                key={spec.key}
                spec={{ ...spec, label: `View ${spec.label}` }}
                value={config.augmentation.vector[spec.key]}
                onChange={(value) => onChange((c) => ({ ...c, augmentation: { ...c.augmentation, vector: { ...c.augmentation.vector, [spec.key]: value } } }))}
              />
            ))
          : imageAugmentationSpecs.map((spec) => (
              <RangeSlider
                key={spec.key}
                spec={{ ...spec, label: `View ${spec.label}` }}
                value={config.augmentation.image[spec.key]}
                onChange={(value) => onChange((c) => ({ ...c, augmentation: { ...c.augmentation, image: { ...c.augmentation.image, [spec.key]: value } } }))}
              />
            ))}
      </details>
    </section>
  );
});
