/**
 * The short explanation beside each figure: what it shows and the formula behind it (paper.md §2, §3.1, §6,
 * §9.1). Hidden together with "Hide explanations" for research use.
 */
export interface Explanation {
  readonly text: string;
  readonly formula?: string;
}

export const explanations = {
  temperature: {
    text:
      'DySTreSS gives every pair its own temperature from its cosine similarity s: lowest for near-orthogonal pairs, highest for near-duplicates and opposites. ' +
      'While training, the shaded histograms show where this batch’s positives (TP), same-class negatives (FN) and other-class negatives (TN) sit under the curve.',
    formula: 'τ(s) = τmin + ½(τmax − τmin)(1 + cos(π(1 + s)))',
  },
  logit: {
    text:
      'NT-Xent is a softmax over the logits s/τ, the positive against all other views. Where s/τ(s) decreases (shaded), a more similar negative gets a smaller logit: ' +
      'for DySTreSS this starts once τmax/τmin exceeds about 4.5.',
    formula: 'L = −log exp(s₊/τ₊) / Σⱼ exp(sⱼ/τⱼ)',
  },
  gradient: {
    text:
      'How hard the current batch pushes each negative away: with τ detached, its softmax share over its temperature. The relative penalty divides that by the pull on the positive (Wang & Liu): ' +
      'a low τ concentrates it on the hardest negatives.',
    formula: '∂L/∂sᵢⱼ = Pᵢⱼ/τᵢⱼ',
  },
  gradientSigmoid: {
    text:
      'SigLIP: every pair is its own yes/no question, so each negative is pushed by its own sigmoid of its own logit, whatever the other negatives do. ' +
      'The relative penalty divides that by the pull on the positive.',
    formula: '∂L/∂sᵢⱼ = σ(zᵢⱼ)·t/τᵢⱼ, zᵢⱼ = t·sᵢⱼ/τᵢⱼ + b',
  },
  gradientLogitFunction: {
    text:
      'How hard the current batch pushes each negative away: its softmax share times the slope of its logit ℓ(s). Temperature-free’s ℓ = 2·artanh(s) is never detached, ' +
      'so near-duplicates (s → 1) are pushed far harder than 1/τ would say. The relative penalty divides that by the pull on the positive.',
    formula: '∂L/∂sᵢⱼ = Pᵢⱼ·ℓ′(sᵢⱼ), ℓ′(s) = 2/(1 − s²)',
  },
  logitSigmoid: {
    text:
      'SigLIP puts each logit through its own sigmoid: t·s/τ(s) + b, with t and b learned (the curve is t·s/τ(s), without b). ' +
      'Where it decreases (shaded), a more similar negative gets a smaller logit.',
    formula: 'L = −Σⱼ log σ(yᵢⱼ(t·sᵢⱼ/τᵢⱼ + b)), y = +1 for the positive, −1 otherwise',
  },
  curves: {
    text:
      'Loss, kNN accuracy on held-out samples, alignment of the two views, uniformity of all embeddings and tolerance (the mean similarity of same-class pairs). ' +
      'Point at any panel to read every metric at that step.',
    formula: 'uniformity = log E exp(−2‖f(x) − f(y)‖²) · tolerance = E[f(x)ᵀf(y) | same class]',
  },
  uniformityTolerance: {
    text:
      'The uniformity–tolerance dilemma (Wang & Liu): a small τ spreads the embeddings uniformly (left) but also pushes same-class samples apart (down). ' +
      'Uniform yet tolerant is the upper left. The ring marks the step under the pointer in the training curves.',
  },
  pairs: {
    text:
      'Cosine similarity of the current batch’s pairs by type. Labels are used only for this picture, never in training; the earth mover’s distance W₁ says how far apart two distributions are, and the lower panel how that developed.',
  },
  sampleTemperatures: {
    text:
      'For iSogCLR and Temperature as Uncertainty τ is not a function of s: each sample has its own. Upper panel: τ_i of the samples by class with each column’s median (iSogCLR: the training samples visited so far; predicted τ: held-out samples, split by whether the kNN classifies them correctly). Lower panel: the 5 %, 50 % and 95 % quantiles over training.',
    formula: 'iSogCLR: τ_i ← clip(τ_i − η·m_i, τmin, τmax) · TaU: τ_i = T/σ(u_i)',
  },
  trainedTemperature: {
    text:
      'This temperature is trained per sample or predicted per input, not a function of the similarity s: there is no curve τ(s), effective logit s/τ(s) or gradient profile to draw. Its distribution over samples is in “Per-sample temperatures”.',
  },
  embedding: {
    text:
      'Held-out samples’ embeddings, coloured by class: on the unit circle or sphere when the head has 2 or 3 dimensions (drag, or focus and use the arrow keys, to turn the sphere), otherwise their first two principal components.',
  },
} as const satisfies Record<string, Explanation>;
