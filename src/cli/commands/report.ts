import { dirname, extname } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { writeFileAtomic } from '../../io/atomic.js';
import { reportFormats, type ReportFormat } from '../../report/reporters/base.js';
import { buildReport, renderReport, writeChartFiles } from '../../report/report.js';
import { metrics, type Metric } from '../../report/table.js';
import { parseSweepNoise, type NoiseSetting } from '../../sweep/grid.js';

interface ReportFlags {
  format?: string;
  out?: string;
  metric: string;
  dataset?: string;
  compare?: string;
  curves?: NoiseSetting[];
  perClass?: string[];
  charts?: string;
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('tabulate the runs of a sweep folder: losses against noise settings, over seeds')
    .argument('<dir>', 'sweep folder (or any folder holding run folders)')
    .option('--format <format>', `${reportFormats.join('|')} (default: from --out, else md)`)
    .option('--out <file>', 'write the report to this file instead of printing it')
    .option('--metric <metric>', 'final (last-epoch) or best test accuracy', 'final')
    .option('--dataset <name>', 'the dataset to tabulate when runs of several are present')
    .option('--compare <file>', 'CSV of another table (e.g. published numbers) to set beside ours')
    .option('--curves <type:rates>', 'charts: settings whose accuracy per epoch is plotted ' +
      '(repeatable; default: the highest rate of each noise type)', collectNoise)
    .option('--per-class <run>', 'charts: run folder whose per-class accuracy is plotted ' +
      '(repeatable; default: the run whose worst class is farthest below its overall accuracy)',
      collect)
    .option('--charts <dir>', 'also save each chart as an SVG file here (md: linked from it)')
    .action(async (dir: string, flags: ReportFlags) => {
      const format = chooseFormat(flags.format, flags.out);
      const report = buildReport(dir, {
        metric: chooseMetric(flags.metric),
        dataset: flags.dataset,
        compare: flags.compare,
        curveSettings: flags.curves,
        perClass: flags.perClass,
      });
      if (flags.charts !== undefined) {
        const linkFrom = flags.out === undefined ? process.cwd() : dirname(flags.out);
        report.chartImages = await writeChartFiles(report, flags.charts, linkFrom);
      }
      const text = await renderReport(report, format);
      if (flags.out === undefined) {
        process.stdout.write(text);
        return;
      }
      try {
        writeFileAtomic(flags.out, text);
      } catch {
        throw new UsageError(`--out ${flags.out} cannot be written; choose a writable path`);
      }
      console.log(`wrote ${flags.out}`);
    });
}

function collect(value: string, earlier: string[] | undefined): string[] {
  return [...(earlier ?? []), value];
}

function collectNoise(spec: string, earlier: NoiseSetting[] | undefined): NoiseSetting[] {
  return [...(earlier ?? []), ...parseSweepNoise(spec, '--curves')];
}

function chooseFormat(format: string | undefined, out: string | undefined): ReportFormat {
  const wanted = format ?? (out === undefined ? 'md' : extname(out).slice(1).toLowerCase());
  const known = reportFormats.find((name) => name === (wanted === 'markdown' ? 'md' : wanted));
  if (known !== undefined) return known;
  if (format === undefined && (wanted === '' || wanted === 'txt')) return 'md';
  if (format === undefined) {
    throw new UsageError(`--out ${out}: cannot tell the report format from its extension; `
      + `give --format ${reportFormats.join('|')}`);
  }
  throw new UsageError(`--format ${format} is not known; use one of ${reportFormats.join(', ')}`);
}

function chooseMetric(metric: string): Metric {
  const known = metrics.find((name) => name === metric);
  if (known === undefined) {
    throw new UsageError(`--metric ${metric} is not known; use one of ${metrics.join(', ')}`);
  }
  return known;
}
