import { reportCharts, type ReportChart } from '../chart-set.js';
import { renderSvg } from '../charts.js';
import type { Comparison } from '../compare.js';
import type { FinishedRun } from '../runs.js';
import { noiseLabel } from '../table.js';
import {
  cellText,
  comparedCellText,
  metricTitle,
  protocolText,
  shortfallText,
  tableLegend,
  type Report,
  type Reporter,
} from './base.js';

/**
 * One self-contained HTML page: the table, the comparison, and SVG charts of test
 * accuracy against noise rate (one per noise type), test accuracy per epoch for the
 * chosen settings, and per-class accuracy with the confusion matrix for chosen runs.
 */
export const htmlReporter: Reporter = {
  format: 'html',
  async render(report) {
    const title = `${report.table.dataset}: ${metricTitle(report)}`;
    const body = [
      `<h1>${escape(title)}</h1>`,
      `<p>${escape(protocolText(report))}.</p>`,
      `<p class="legend">${escape(tableLegend(report))}</p>`,
      resultTable(report),
      report.comparison === undefined ? '' : comparisonTable(report, report.comparison),
      await chartSections(report),
      unfinishedList(report),
    ];
    return [
      '<!DOCTYPE html>',
      '<html lang="en"><head><meta charset="utf-8">',
      `<title>${escape(title)}</title>`,
      `<style>${styles}</style>`,
      '</head><body>',
      ...body.filter((part) => part !== ''),
      '</body></html>',
      '',
    ].join('\n');
  },
};

const styles = [
  'body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:1200px}',
  'table{border-collapse:collapse;margin:1em 0}',
  'th,td{border:1px solid #ccc;padding:4px 8px;text-align:right;white-space:nowrap}',
  'th:first-child,td:first-child{text-align:left}',
  'td.best{font-weight:bold;background:#e6f4ea}',
  'td.missing{color:#999;font-style:italic}',
  '.legend{color:#555}',
  '.charts{display:flex;flex-wrap:wrap;gap:1em}',
  'table.confusion td{min-width:2.5em}',
].join('\n');

function resultTable(report: Report): string {
  const { table } = report;
  const header = row(['Loss', ...table.columns.map((column) => column.label)], 'th');
  const rows = table.rows.map((tableRow) => {
    const cells = tableRow.cells.map((cell) => {
      const kind = cell.mean === null ? 'missing' : cell.best ? 'best' : '';
      const classAttribute = kind === '' ? '' : ` class="${kind}"`;
      return `<td${classAttribute}>${escape(cellText(cell) + shortfallText(cell))}</td>`;
    });
    return `<tr><td>${escape(tableRow.loss)}</td>${cells.join('')}</tr>`;
  });
  return `<table class="results">\n${header}\n${rows.join('\n')}\n</table>`;
}

function comparisonTable(report: Report, comparison: Comparison): string {
  const { table } = report;
  const header = row(['Loss', ...table.columns.map((column) => column.label)], 'th');
  const rows = table.rows.map((tableRow, rowIndex) => {
    const cells = tableRow.cells.map((cell, column) =>
      comparedCellText(cell, comparison.cells[rowIndex]?.[column]));
    return row([tableRow.loss, ...cells], 'td');
  });
  const unmatched = comparison.unmatched.length === 0 ? '' :
    `<p>Not in our table: ${escape(comparison.unmatched.join(', '))}.</p>`;
  return [
    `<h2>Compared with ${escape(comparison.source)}</h2>`,
    '<p class="legend">Each cell: ours / theirs (ours minus theirs, in percentage points).</p>',
    `<table class="comparison">\n${header}\n${rows.join('\n')}\n</table>`,
    unmatched,
  ].join('\n');
}

async function chartSections(report: Report): Promise<string> {
  const charts = reportCharts(report);
  const rendered = await Promise.all(charts.map(async (chart) => {
    const svg = await renderSvg(chart.spec);
    if (chart.run === undefined) return svg;
    return `<div>${svg}\n<p>Run <code>${escape(chart.run.folder)}</code>.</p>\n` +
      `${confusionTable(chart.run)}</div>`;
  }));
  const of = (kind: ReportChart['kind']) =>
    rendered.filter((_, index) => charts[index]?.kind === kind);
  return [
    section('Test accuracy against noise rate', of('noise')),
    section('Test accuracy per epoch', of('epochs')),
    section('Per-class test accuracy', of('per-class')),
  ].filter((part) => part !== '').join('\n');
}

function confusionTable(run: FinishedRun): string {
  const matrix = run.result.confusionMatrix;
  if (matrix === undefined) return '';
  const header = row(['true \\ predicted', ...matrix.map((_, label) => String(label))], 'th');
  const rows = matrix.map((counts, label) => {
    const total = counts.reduce((sum, count) => sum + count, 0);
    const cells = counts.map((count) => {
      const share = total === 0 ? 0 : count / total;
      const shade = `background:rgba(31,119,180,${share.toFixed(2)})`;
      return `<td style="${shade}">${count}</td>`;
    });
    return `<tr><th>${label}</th>${cells.join('')}</tr>`;
  });
  const { loss, noise } = run.result;
  const caption =
    `Test confusion matrix, ${loss.name}, ${noiseLabel(noise)}, seed ${run.result.seed}`;
  return `<table class="confusion"><caption>${escape(caption)}</caption>\n${header}\n` +
    `${rows.join('\n')}\n</table>`;
}

function unfinishedList(report: Report): string {
  if (report.unfinished.length === 0) return '';
  const items = report.unfinished.map((folder) => `<li><code>${escape(folder)}</code></li>`);
  return `<h2>Runs without a result</h2>\n<ul>${items.join('')}</ul>`;
}

function section(heading: string, parts: string[]): string {
  if (parts.length === 0) return '';
  return `<h2>${escape(heading)}</h2>\n<div class="charts">\n${parts.join('\n')}\n</div>`;
}

function row(cells: string[], tag: 'th' | 'td'): string {
  return `<tr>${cells.map((cell) => `<${tag}>${escape(cell)}</${tag}>`).join('')}</tr>`;
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
