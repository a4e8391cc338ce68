import type { Report, Reporter } from './base.js';

/**
 * The table in long form, one line per cell: `loss,noise,rate,mean,std,n,expected,seeds,best`
 * (accuracies as fractions, empty where missing), plus `reference_mean,reference_std,
 * difference` with --compare. `apl report --compare` reads this shape back.
 */
export const csvReporter: Reporter = {
  format: 'csv',
  render(report) {
    const { table, comparison } = report;
    const header = ['loss', 'noise', 'rate', 'mean', 'std', 'n', 'expected', 'seeds', 'best'];
    if (comparison !== undefined) header.push('reference_mean', 'reference_std', 'difference');

    const lines = table.rows.flatMap((row, rowIndex) =>
      row.cells.map((cell, column) => {
        const noise = table.columns[column]!.noise;
        const fields = [
          row.loss, noise.type, String(noise.rate), number(cell.mean), number(cell.std),
          String(cell.n), number(cell.expected), cell.seeds.join(' '), String(cell.best),
        ];
        if (comparison !== undefined) {
          const compared = comparison.cells[rowIndex]?.[column] ?? null;
          fields.push(
            number(compared?.reference.mean ?? null),
            number(compared?.reference.std ?? null),
            number(compared?.difference ?? null),
          );
        }
        return fields.map(quote).join(',');
      }),
    );
    return `${[header.join(','), ...lines].join('\n')}\n`;
  },
};

function number(value: number | null): string {
  return value === null ? '' : String(value);
}

function quote(field: string): string {
  return /[",\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}
