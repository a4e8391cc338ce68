/** What a corruption did to the training labels. */
export interface NoiseReport {
  /** The noise model: none, symmetric, asymmetric, pair, matrix or file. */
  type: string;
  /**
   * The rate asked for: the flip rate of symmetric, asymmetric and pair noise, the expected
   * share of changed labels for a matrix; for a labels file (nothing is asked) the actual rate.
   */
  requestedRate: number;
  /** The share of changed labels the model's draws are expected to give, before sampling. */
  expectedRate: number;
  /** The share of training labels that differ from the clean ones. */
  actualRate: number;
  /** How many labels differ from the clean ones. */
  changed: number;
  count: number;
  numClasses: number;
  /** Examples per class before (clean) and after (noisy) the corruption. */
  perClass: { clean: number[]; noisy: number[] };
  /**
   * The empirical transition matrix: row = clean class, column = noisy class, each row the
   * share of that class's examples that got each label (a row of zeros for an empty class).
   */
  transitionMatrix: number[][];
  seed: number;
  convention?: string;
  preset?: string;
  sampling?: string;
  labelsFile?: string;
}

export type NoiseReportSettings = Pick<NoiseReport, 'type' | 'requestedRate' | 'expectedRate' |
  'seed' | 'convention' | 'preset' | 'sampling' | 'labelsFile'>;

/** Compares clean and noisy labels and fills a report with the given settings. */
export function buildNoiseReport(clean: Int32Array, noisy: Int32Array, numClasses: number,
  settings: NoiseReportSettings): NoiseReport {
  const counts = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  let changed = 0;
  for (let i = 0; i < clean.length; i++) {
    counts[clean[i]!]![noisy[i]!]! += 1;
    if (clean[i] !== noisy[i]) changed++;
  }
  const cleanCounts = counts.map((row) => row.reduce((total, value) => total + value, 0));
  const noisyCounts = counts[0]!.map((_, j) => counts.reduce((total, row) => total + row[j]!, 0));
  const transitionMatrix = counts.map((row, i) =>
    row.map((value) => (cleanCounts[i]! > 0 ? value / cleanCounts[i]! : 0)));

  const report: NoiseReport = {
    type: settings.type,
    requestedRate: settings.requestedRate,
    expectedRate: settings.expectedRate,
    actualRate: clean.length > 0 ? changed / clean.length : 0,
    changed,
    count: clean.length,
    numClasses,
    perClass: { clean: cleanCounts, noisy: noisyCounts },
    transitionMatrix,
    seed: settings.seed,
  };
  for (const key of ['convention', 'preset', 'sampling', 'labelsFile'] as const) {
    if (settings[key] !== undefined) report[key] = settings[key];
  }
  return report;
}

/** Largest number of classes whose transition matrix is printed in full. */
const printedMatrixLimit = 12;

/** A readable summary of a report, for the terminal. */
export function formatNoiseReport(report: NoiseReport, classNames: string[]): string {
  const settings = [report.convention && `convention ${report.convention}`,
    report.preset && `preset ${report.preset}`, report.sampling && `sampling ${report.sampling}`,
    report.labelsFile && `from ${report.labelsFile}`].filter(Boolean).join(', ');
  const lines = [
    `noise: ${report.type}${settings ? ` (${settings})` : ''}, seed ${report.seed}`,
    `requested rate ${formatRate(report.requestedRate)}, expected ` +
      `${formatRate(report.expectedRate)}, actual ${formatRate(report.actualRate)} ` +
      `(${report.changed} of ${report.count} labels changed)`,
    '',
    'class            clean    noisy',
    ...classNames.map((name, i) => `${name.slice(0, 14).padEnd(14)} ` +
      `${countColumn(report.perClass.clean[i])}  ${countColumn(report.perClass.noisy[i])}`),
  ];
  if (report.numClasses <= printedMatrixLimit) {
    lines.push('', 'transition matrix (row = clean class, column = noisy class):',
      ...report.transitionMatrix.map((row) => row.map((value) => value.toFixed(3)).join(' ')));
  }
  return lines.join('\n');
}

function countColumn(count: number | undefined): string {
  return String(count).padStart(7);
}

function formatRate(rate: number): string {
  return rate.toFixed(4);
}
