/**
 * The preset gallery: each preset is a link (a query string read by state/url.ts), so it can be opened,
 * bookmarked and pasted into a course page as it is. The teaching presets train on the easy spheres (S², six
 * tight classes: the geometry can be seen, but the untrained encoder already separates the classes) and draw
 * the embedding on the sphere (dim=3); one opens the default task, where the temperature decides the accuracy.
 * Each names its data and temperature even where they are the defaults, so the link keeps its meaning if a
 * default changes.
 */
export interface Preset {
  readonly id: string;
  readonly title: string;
  /** One line: what to look at. */
  readonly description: string;
  readonly query: string;
}

export const PRESETS: readonly Preset[] = [
  {
    id: 'where-tau-matters',
    title: 'Spheres where τ matters (the default)',
    description: 'S¹⁵, ten classes, κ = 12: kNN about 0.47 untrained and 0.75–0.86 after 600 steps, depending on τ. For comparisons and sweeps.',
    query: '?v=2&dataDim=16&classes=10&concentration=12&tau=dystress:0.1,0.2',
  },
  {
    id: 'simclr-0.5',
    title: 'SimCLR, τ = 0.5',
    description: 'A warm constant temperature: gentle on hard negatives, tolerant classes, a less uniform sphere.',
    query: '?v=2&dataDim=3&classes=6&concentration=20&dim=3&tau=constant:0.5',
  },
  {
    id: 'simclr-0.1',
    title: 'SimCLR, τ = 0.1',
    description: 'A cold constant temperature: the push concentrates on the hardest negatives and spreads the sphere.',
    query: '?v=2&dataDim=3&classes=6&concentration=20&dim=3&tau=constant:0.1',
  },
  {
    id: 'dystress',
    title: 'DySTreSS (0.1, 0.2)',
    description: 'The paper’s cosine τ(s): coldest for orthogonal pairs, warmest for near-duplicates and opposites.',
    query: '?v=2&dataDim=3&classes=6&concentration=20&dim=3&tau=dystress:0.1,0.2',
  },
  {
    id: 'dystress-shifted',
    title: 'DySTreSS* shifted (−0.4, 0.7)',
    description: 'The official code’s shifted valley (Δs = −0.4, k = 0.7): τ max for every pair above s = 0.4.',
    query: '?v=2&dataDim=3&classes=6&concentration=20&dim=3&tau=dystress-shifted:0.1,0.2,-0.4,0.7',
  },
  {
    id: 'too-wide',
    title: 'Too wide a range (τmax/τmin = 6)',
    description: 'DySTreSS with τ from 0.05 to 0.3: the logit s/τ(s) turns down, so a more similar negative gets a smaller logit.',
    query: '?v=2&dataDim=3&classes=6&concentration=20&dim=3&tau=dystress:0.05,0.3',
  },
  {
    id: 'temperature-free',
    title: 'Temperature-free (artanh)',
    description: 'No τ at all: the logit is 2·artanh(s). Its equivalent τ(s) is ½ at s = 0 and ≈ 0.07 at s = ±1, warm where DySTreSS is cold.',
    query: '?v=2&dataDim=3&classes=6&concentration=20&dim=3&tau=temperature-free',
  },
  {
    id: 'learnable',
    title: 'Learned τ (CLIP), from τ₀ = 0.5',
    description: 'τ = e^−θ is trained with the encoder: the τ figures show the τ learned so far, the training curves its path.',
    query: '?v=2&dataDim=3&classes=6&concentration=20&dim=3&tau=learnable:0.5',
  },
  {
    id: 'siglip',
    title: 'SigLIP: sigmoid instead of softmax',
    description: 'Each pair its own binary problem, logit t·s + b with t and b learned: every negative is weighted on its own, no shared denominator.',
    query: '?v=2&dataDim=3&classes=6&concentration=20&dim=3&tau=constant:1&loss=siglip',
  },
  {
    id: 'long-tail',
    title: 'Long-tailed spheres',
    description: 'Six classes whose sizes fall to a tenth: do rare classes keep their own region under DySTreSS?',
    query: '?v=2&dataDim=3&classes=6&concentration=20&tail=0.1&dim=3&tau=dystress:0.1,0.2',
  },
  {
    id: 'isogclr-long-tail',
    title: 'iSogCLR: a τ per sample (long tail)',
    description: 'Qiu et al.: every training sample learns its own τ_i. Watch the per-class strip: do the rare classes end up colder than the frequent ones?',
    query: '?v=2&dataDim=3&classes=6&concentration=20&tail=0.1&dim=3&tau=isogclr:0.05,1',
  },
  {
    id: 'tau-uncertainty-mnist',
    title: 'Temperature as Uncertainty (MNIST)',
    description: 'The encoder predicts τ_i = T/σ(u_i) per digit: are the held-out digits the kNN gets wrong the ones with a high τ_i?',
    query: '?v=2&dataset=mnist&tau=tau-uncertainty:0.1',
  },
];

export function findPreset(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}
