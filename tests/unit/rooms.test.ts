import path from 'node:path';
import { cruise, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import { describe, expect, it } from 'vitest';

/**
 * The rooms of src/ (.dependency-cruiser.cjs) and the main page without tfjs (.dependency-cruiser.page.cjs),
 * checked on the real tree and, so that each rule is known to bite, on a planted tree
 * (tests/unit/fixtures/rooms) that breaks every rule once.
 */
const root = path.resolve(import.meta.dirname, '../..');
const plantedRoot = path.join(root, 'tests/unit/fixtures/rooms');

type RuleSet = 'rooms' | 'page';
const configFile: Record<RuleSet, string> = {
  rooms: path.join(root, '.dependency-cruiser.cjs'),
  page: path.join(root, '.dependency-cruiser.page.cjs'),
};

async function violations(ruleSet: RuleSet, baseDir: string): Promise<readonly IViolation[]> {
  const options = await extractDepcruiseOptions(configFile[ruleSet]);
  const reported = await cruise(['src'], { ...options, baseDir, validate: true });
  return (reported.output as ICruiseResult).summary.violations;
}

function describeViolation(v: IViolation): string {
  const via = v.cycle ?? v.via;
  const chain = via && via.length > 0 ? ` (${[v.from, ...via.map((step) => step.name)].join(' → ')})` : '';
  return `${v.rule.name}: ${v.from} → ${v.to}${chain}`;
}

describe('the rooms of src/', () => {
  for (const ruleSet of ['rooms', 'page'] as const) {
    it(`break none of the ${ruleSet} rules`, async () => {
      const found = (await violations(ruleSet, root)).map(describeViolation);
      expect(found, found.join('\n')).toEqual([]);
    });
  }
});

describe('a planted violation fails its rule', () => {
  const planted: Record<RuleSet, [rule: string, from: string, to: RegExp][]> = {
    rooms: [
      ['core-no-ui', 'src/core/readsUi.ts', /^src\/ui\/panel\.ts$/],
      ['no-circular', 'src/core/cycleA.ts', /^src\/core\/cycleB\.ts$/],
      ['figures-no-tfjs-worker-state-ui', 'src/figures/usesTfjs.ts', /node_modules\/@tensorflow\/tfjs-core\//],
      ['state-worker-types-only', 'src/state/runsProtocol.ts', /^src\/worker\/engineProtocol\.ts$/],
      ['state-worker-protocol-only', 'src/state/engineTypes.ts', /^src\/worker\/engine\.ts$/],
      ['ui-no-tfjs', 'src/ui/callsTfjs.ts', /node_modules\/@tensorflow\/tfjs-core\//],
      ['export-figures-and-core-only', 'src/export/readsRunState.ts', /^src\/state\/runState\.ts$/],
      ['io-core-only', 'src/io/drawsWhileParsing.ts', /^src\/figures\/chart\.ts$/],
    ],
    page: [
      ['page-no-tfjs', 'src/main.tsx', /^src\/core\/tf\.ts$/],
      ['page-no-tfjs', 'src/main.tsx', /node_modules\/@tensorflow\/tfjs-core\//],
    ],
  };

  for (const ruleSet of ['rooms', 'page'] as const) {
    it(`${ruleSet}: each plant, and nothing else`, async () => {
      const found = await violations(ruleSet, plantedRoot);
      const expected = planted[ruleSet];
      for (const [rule, from, to] of expected) {
        const hit = found.some((v) => v.rule.name === rule && v.from === from && to.test(v.to));
        expect(hit, `${rule}: ${from} → ${to} not reported; found:\n${found.map(describeViolation).join('\n')}`).toBe(true);
      }
      const unexpected = found.filter((v) => !expected.some(([rule, from, to]) => v.rule.name === rule && v.from === from && to.test(v.to)));
      // The allowed import (state/protocolTypes.ts: a type from the protocol) and the page's type-only import
      // of a worker module (ui/app.ts) are not violations.
      expect(unexpected.map(describeViolation)).toEqual([]);
    });
  }
});
