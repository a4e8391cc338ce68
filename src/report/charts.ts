import { parse as parseVega, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { NoiseSetting } from '../sweep/grid.js';
import type { FinishedRun } from './runs.js';
import { noiseLabel, summarize, type ResultTable } from './table.js';

const chartWidth = 520;
const chartHeight = 300;

/** Ten clearly different colours when they suffice, else twenty (pairs of one hue). */
function lossColours(losses: Iterable<string>) {
  return { scheme: new Set(losses).size <= 10 ? 'tableau10' : 'tableau20' } as const;
}

/** Renders a Vega-Lite chart to SVG text in Node (no browser, no canvas). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parseVega(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * Test accuracy (mean over seeds, %) against noise rate, one line per loss, for the
 * table's settings of one noise type, with the standard deviation as error bars.
 */
export function accuracyVersusNoiseChart(table: ResultTable, noiseType: string): TopLevelSpec {
  const values = table.rows.flatMap((row) =>
    row.cells.flatMap((cell, column) => {
      const noise = table.columns[column]!.noise;
      if (noise.type !== noiseType || cell.mean === null) return [];
      const spread = cell.std ?? 0;
      return [{
        loss: row.loss,
        rate: noise.rate,
        accuracy: cell.mean * 100,
        low: (cell.mean - spread) * 100,
        high: (cell.mean + spread) * 100,
      }];
    }),
  );
  const x = {
    field: 'rate', type: 'quantitative', title: `${noiseType} noise rate`, axis: { format: '~g' },
  } as const;
  const scale = lossColours(table.rows.map((row) => row.loss));
  const color = { field: 'loss', type: 'nominal', title: 'loss', scale } as const;
  return {
    title: `Test accuracy against ${noiseType} noise rate`,
    width: chartWidth,
    height: chartHeight,
    data: { values },
    layer: [
      {
        mark: { type: 'line', point: true },
        encoding: {
          x,
          y: { field: 'accuracy', type: 'quantitative', title: 'test accuracy (%)',
            scale: { zero: false } },
          color,
        },
      },
      {
        mark: { type: 'rule' },
        encoding: { x, y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' }, color },
      },
    ],
  };
}

/** Test accuracy (%) per epoch, mean over seeds, one line per loss, under one setting. */
export function accuracyPerEpochChart(runs: readonly FinishedRun[], noise: NoiseSetting):
  TopLevelSpec {
  const matching = runs.filter((run) =>
    run.result.noise.type === noise.type && run.result.noise.rate === noise.rate);
  const byLossAndEpoch = new Map<string, number[]>();
  for (const run of matching) {
    for (const record of run.history) {
      const key = JSON.stringify([run.result.loss.name, record.epoch]);
      byLossAndEpoch.set(key, [...(byLossAndEpoch.get(key) ?? []), record.testAccuracy]);
    }
  }
  const values = [...byLossAndEpoch].map(([key, accuracies]) => {
    const [loss, epoch] = JSON.parse(key) as [string, number];
    return { loss, epoch, accuracy: (summarize(accuracies).mean ?? 0) * 100 };
  });
  return {
    title: `Test accuracy per epoch, ${noiseLabel(noise)} noise`,
    width: chartWidth,
    height: chartHeight,
    data: { values },
    mark: { type: 'line', point: values.length < 200 },
    encoding: {
      x: { field: 'epoch', type: 'quantitative', title: 'epoch',
        axis: { tickMinStep: 1, format: 'd' } },
      y: { field: 'accuracy', type: 'quantitative', title: 'test accuracy (%)',
        scale: { zero: false } },
      color: { field: 'loss', type: 'nominal', title: 'loss',
        scale: lossColours(values.map((value) => value.loss)) },
    },
  };
}

/** Test accuracy (%) of each class for one run, with its overall accuracy as a line. */
export function perClassAccuracyChart(run: FinishedRun): TopLevelSpec {
  const perClass = run.result.perClassTestAccuracy ?? [];
  const values = perClass.map((accuracy, label) => ({ label, accuracy: accuracy * 100 }));
  const overall = run.result.finalTestAccuracy * 100;
  const { loss, noise } = run.result;
  return {
    title: `Per-class test accuracy: ${loss.name}, ${noiseLabel(noise)}, seed ${run.result.seed}`,
    width: chartWidth,
    height: chartHeight,
    layer: [
      {
        data: { values },
        mark: { type: 'bar' },
        encoding: {
          x: { field: 'label', type: 'ordinal', title: 'true class' },
          y: { field: 'accuracy', type: 'quantitative', title: 'test accuracy (%)',
            scale: { domain: [0, 100] } },
        },
      },
      {
        data: { values: [{ overall }] },
        mark: { type: 'rule', color: 'firebrick', strokeDash: [6, 4] },
        encoding: { y: { field: 'overall', type: 'quantitative' } },
      },
    ],
  };
}
