// Plain float64 versions of the reference losses, written from their formulas, used to tell
// which of two float32 results is right where float32 cannot reach the fixture's tolerance
// (1 - p_y with p_y within 1e-4 of 1, or gradients that cancel).

type Params = Record<string, number>;

interface Row {
  logProbs: number[];
  probs: number[];
  /** Probabilities the reference holds constant in the gradient (focal factors). */
  frozenProbs: number[];
  label: number;
}

const clamp = (p: number) => Math.min(Math.max(p, 1e-7), 1);
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

function logSoftmax(logits: number[]): number[] {
  const top = Math.max(...logits);
  const total = Math.log(sum(logits.map((x) => Math.exp(x - top))));
  return logits.map((x) => x - top - total);
}

const perItem: Record<string, (row: Row, params: Params) => number> = {
  ce: ({ logProbs, label }) => -logProbs[label]!,
  fl: ({ logProbs, frozenProbs, label }, { gamma }) =>
    -((1 - frozenProbs[label]!) ** gamma!) * logProbs[label]!,
  mae: ({ probs, label }) => 1 - probs[label]!,
  rce: ({ probs, label }) => -Math.log(1e-4) * sum(probs.filter((_, k) => k !== label).map(clamp)),
  gce: ({ probs, label }, { q }) => (1 - clamp(probs[label]!) ** q!) / q!,
  nce: ({ logProbs, label }) => logProbs[label]! / sum(logProbs),
  nfl: ({ logProbs, frozenProbs, label }, { gamma }) => {
    const terms = logProbs.map((lp, k) => -((1 - frozenProbs[k]!) ** gamma!) * lp);
    return terms[label]! / sum(terms);
  },
  ngce: ({ probs, label }, { q }) =>
    (1 - clamp(probs[label]!) ** q!) / (probs.length - sum(probs.map((p) => clamp(p) ** q!))),
};

function itemLoss(name: string, row: Row, params: Params): number {
  const weighted = (part: string, weight: number) => weight * perItem[part]!(row, params);
  if (name === 'sce') return weighted('ce', params['alpha']!) + weighted('rce', params['beta']!);
  if (name.includes('+')) {
    const [first, second] = name.split('+') as [string, string];
    const alpha = first === 'gce' ? 1 : params['alpha']!;
    return weighted(first, alpha) + weighted(second, params['beta']!);
  }
  return weighted(name, params['scale'] ?? 1);
}

/** The batch-mean loss, with focal factors taken from `frozen` logits. */
function batchLoss(
  name: string,
  logits: number[][],
  frozen: number[][],
  labels: number[],
  params: Params,
): number {
  const items = logits.map((row, i) => {
    const logProbs = logSoftmax(row);
    return itemLoss(name, {
      logProbs,
      probs: logProbs.map(Math.exp),
      frozenProbs: logSoftmax(frozen[i]!).map(Math.exp),
      label: labels[i]!,
    }, params);
  });
  return sum(items) / items.length;
}

/** Value and central-difference gradient in float64. */
export function float64Loss(name: string, logits: number[][], labels: number[], params: Params) {
  const value = batchLoss(name, logits, logits, labels, params);
  const step = 1e-6;
  const gradient = logits.map((row, i) =>
    row.map((_, k) => {
      const shifted = (delta: number) =>
        logits.map((r, j) => r.map((x, m) => (j === i && m === k ? x + delta : x)));
      const up = batchLoss(name, shifted(step), logits, labels, params);
      const down = batchLoss(name, shifted(-step), logits, labels, params);
      return (up - down) / (2 * step);
    }),
  );
  return { value, gradient };
}
