import type { Comparison } from '../compare.js';
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

/** The table as Markdown, best cells in bold, and the comparison as a second table. */
export const markdownReporter: Reporter = {
  format: 'md',
  render(report) {
    const sections = [
      `# ${report.table.dataset}: ${metricTitle(report)} (%)`,
      `${protocolText(report)}.\n\n${tableLegend(report)}`,
      resultTable(report),
    ];
    if (report.comparison !== undefined) {
      sections.push(comparisonSection(report, report.comparison));
    }
    if (report.chartImages !== undefined && report.chartImages.length > 0) {
      const images = report.chartImages.map((image) =>
        `![${image.title}](${encodeURI(image.path)})`);
      sections.push(`## Charts\n\n${images.join('\n\n')}`);
    }
    if (report.unfinished.length > 0) {
      const folders = report.unfinished.map((folder) => `\`${folder}\``);
      sections.push(`Runs without a result: ${folders.join(', ')}.`);
    }
    return `${sections.join('\n\n')}\n`;
  },
};

function resultTable(report: Report): string {
  const { table } = report;
  return markdownTable(
    ['Loss', ...table.columns.map((column) => column.label)],
    table.rows.map((row) => [
      row.loss,
      ...row.cells.map((cell) => {
        const text = cell.best ? `**${cellText(cell)}**` : cellText(cell);
        return `${text}${shortfallText(cell)}`;
      }),
    ]),
  );
}

function comparisonSection(report: Report, comparison: Comparison): string {
  const { table } = report;
  const rows = table.rows.map((row, rowIndex) => [
    row.loss,
    ...row.cells.map((cell, column) =>
      comparedCellText(cell, comparison.cells[rowIndex]?.[column])),
  ]);
  const lines = [
    `## Compared with ${comparison.source}`,
    'Each cell: ours / theirs (ours minus theirs, in percentage points); ' +
      '– where theirs has none.',
    markdownTable(['Loss', ...table.columns.map((column) => column.label)], rows),
  ];
  if (comparison.unmatched.length > 0) {
    lines.push(`Not in our table: ${comparison.unmatched.join(', ')}.`);
  }
  return lines.join('\n\n');
}

function markdownTable(header: string[], rows: string[][]): string {
  const alignment = header.map((_, index) => (index === 0 ? ':---' : '---:'));
  return [header, alignment, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}
