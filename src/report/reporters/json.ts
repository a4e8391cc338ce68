import type { Report, Reporter } from './base.js';

/**
 * The table as JSON. Each cell is an object with `mean`, `std` (sample standard
 * deviation) and `n` (seeds finished), accuracies as fractions; a missing cell has
 * `mean: null, n: 0`. With --compare, cells also carry `reference` and `difference`.
 */
export const jsonReporter: Reporter = {
  format: 'json',
  render(report) {
    const { table, comparison } = report;
    const json = {
      dataset: table.dataset,
      metric: table.metric,
      columns: table.columns.map((column) => ({ ...column.noise, label: column.label })),
      rows: table.rows.map((row, rowIndex) => ({
        loss: row.loss,
        cells: row.cells.map((cell, column) => {
          const compared = comparison?.cells[rowIndex]?.[column];
          return {
            noise: table.columns[column]!.noise,
            ...cell,
            ...(comparison === undefined ? {} : {
              reference: compared?.reference ?? null,
              difference: compared?.difference ?? null,
            }),
          };
        }),
      })),
      unfinished: report.unfinished,
      ...(comparison === undefined ? {} : {
        compare: { source: comparison.source, unmatched: comparison.unmatched },
      }),
    };
    return `${JSON.stringify(json, null, 2)}\n`;
  },
};
