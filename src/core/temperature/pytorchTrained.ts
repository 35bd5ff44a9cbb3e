import type { Temperature } from './registry';
import { ISOGCLR_CONSTANTS } from './perSample';

/**
 * PyTorch for temperatures trained per sample or predicted per input: no `tau(s)` exists for them, so the
 * module is a loss with the state or the extra output it needs, written with the lab's constants and semantics.
 */

function header(temperature: Temperature, version: string | undefined): string[] {
  const { family, params } = temperature;
  return [
    `# Loss exported from DySTreSS Lab${version ? ` ${version}` : ''}: ${family.label}`,
    `#   ${family.formula}`,
    ...family.params.map((p) => `#   ${p.label} = ${params[p.key]}`),
    '# τ is not a function of the similarity here, so there is no tau(s): the loss below keeps or predicts it.',
    'import torch',
    'import torch.nn.functional as F',
    '',
    '',
  ];
}

const py = (x: number): string => (Number.isInteger(x) ? `${x}.0` : String(x));

function isogclrModule(temperature: Temperature): string[] {
  const { params } = temperature;
  const c = ISOGCLR_CONSTANTS;
  return [
    'class ISogCLRLoss(torch.nn.Module):',
    '    """iSogCLR (Qiu et al. 2023), as SogCLR_DRO_Loss of zhqiu/contrastive-learning-iSogCLR',
    '    (unimodal_exps/losses.py) and as DySTreSS Lab trains it: one temperature tau_i per training sample.',
    '',
    '    n: the number of training samples; forward(index, z1, z2) takes the batch\'s sample indices (distinct)',
    '    and the two views\' embeddings. The value returned is the DRO objective',
    '    mean_i sum_views [tau_i * (log g + rho) - s_pos]; its gradient is the code\'s surrogate\'s.',
    '    The lab\'s one departure from the code: s_i = g on a sample\'s first visit (the code: during epoch 0).',
    '    """',
    '',
    `    def __init__(self, n, tau_min=${py(params.tmin!)}, tau_max=${py(params.tmax!)}, rho=${py(params.rho!)}, gamma=${c.gamma}, tau_init=${c.tauInit},`,
    `                 eta=${c.eta}, beta=${c.beta}, grad_clip=${py(c.gradientClip)}):`,
    '        super().__init__()',
    '        self.tau_min, self.tau_max, self.rho = tau_min, tau_max, rho',
    '        self.gamma, self.eta, self.beta, self.grad_clip = gamma, eta, beta, grad_clip',
    '        self.register_buffer("tau", torch.full((n,), min(max(tau_init, tau_min), tau_max)))',
    '        self.register_buffer("s", torch.zeros(n))',
    '        self.register_buffer("m", torch.zeros(n))',
    '',
    '    def forward(self, index, z1, z2):',
    '        b = z1.shape[0]',
    '        z1 = F.normalize(z1, dim=1)',
    '        z2 = F.normalize(z2, dim=1)',
    '        z = torch.cat([z1, z2], dim=0)',
    '        sim = z @ z.t()',
    '        pos = (z1 * z2).sum(dim=1).repeat(2)',
    '        tau = self.tau[index].to(sim.dtype).repeat(2)',
    '        scaled = (sim / tau[:, None]).detach()',
    '        negatives = (1.0 - torch.eye(b, dtype=sim.dtype, device=sim.device)).repeat(2, 2)',
    '        num_neg = 2 * b - 2',
    '        exp_scaled = torch.exp(scaled) * negatives',
    '        g = exp_scaled.sum(dim=1) / num_neg',
    '        previous = self.s[index].to(sim.dtype).repeat(2)',
    '        estimate = torch.where(previous > 0, (1 - self.gamma) * previous + self.gamma * g, g)',
    '        weights = exp_scaled / estimate[:, None]',
    '        surrogate = ((weights * sim).sum(dim=1) / num_neg - pos).sum() / b',
    '        objective = (tau * (torch.log(g) + self.rho) - pos).sum() / b',
    '        with torch.no_grad():',
    '            grad_tau = torch.log(estimate) + self.rho - (weights * scaled).sum(dim=1) / num_neg',
    '            grad_tau = ((grad_tau[:b] + grad_tau[b:]) / 2).clamp(-self.grad_clip, self.grad_clip)',
    '            m = (1 - self.beta) * self.m[index] + self.beta * grad_tau',
    '            self.m[index] = m.to(self.m.dtype)',
    '            self.tau[index] = (self.tau[index] - self.eta * m).clamp(self.tau_min, self.tau_max).to(self.tau.dtype)',
    '            self.s[index] = ((estimate[:b] + estimate[b:]) / 2).to(self.s.dtype)',
    '        return surrogate + (objective - surrogate).detach()',
    '',
  ];
}

function tauUncertaintyModule(temperature: Temperature): string[] {
  return [
    'class TauUncertaintyLoss(torch.nn.Module):',
    '    """Temperature as Uncertainty (Zhang et al. 2021), as TaU_SimCLR of mhw32/temperature-as-uncertainty-public',
    '    (src/objectives/simclr.py, simclr_mask=False) and as DySTreSS Lab trains it.',
    '',
    '    The projection head gets one more output unit: split its output into loc = out[:, :-1] and u = out[:, -1].',
    "    Row r's logits are s * sigmoid(u_r) / t, so tau_r = t / sigmoid(u_r) >= t; the denominator holds the",
    "    2B - 2 negatives only, and (as in the code) the positive of both views is scaled by view 1's sigmoid(u).",
    '    """',
    '',
    `    def __init__(self, t=${py(temperature.params.t!)}, eps=1e-6):`,
    '        super().__init__()',
    '        self.t, self.eps = t, eps',
    '',
    '    def forward(self, loc1, u1, loc2, u2):',
    '        b = loc1.shape[0]',
    '        loc1 = F.normalize(loc1, dim=1)',
    '        loc2 = F.normalize(loc2, dim=1)',
    '        loc = torch.cat([loc1, loc2], dim=0)',
    '        confidence = torch.sigmoid(torch.cat([u1, u2], dim=0))',
    '        logits = (loc @ loc.t()) * confidence[:, None] / self.t',
    '        negatives = (1.0 - torch.eye(b, dtype=logits.dtype, device=logits.device)).repeat(2, 2)',
    '        neg = (torch.exp(logits) * negatives).sum(dim=1)',
    '        pos = (loc1 * loc2).sum(dim=1) * torch.sigmoid(u1) / self.t',
    '        pos = torch.cat([pos, pos], dim=0)',
    '        return (torch.log(neg + self.eps) - pos).mean()',
    '',
    '    def tau(self, u):',
    "        \"\"\"The temperature tau_i = t / sigmoid(u_i) of each input, as the lab's figures show it.\"\"\"",
    '        return self.t / torch.sigmoid(u)',
    '',
  ];
}

/** The PyTorch module of a trained temperature (family.trained set). */
export function pytorchTrainedSnippet(temperature: Temperature, options: { version?: string } = {}): string {
  const body = temperature.family.trained === 'predicted' ? tauUncertaintyModule(temperature) : isogclrModule(temperature);
  return [...header(temperature, options.version), ...body].join('\n');
}
