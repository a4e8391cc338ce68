import type { ReportFormat, Reporter } from './base.js';
import { csvReporter } from './csv.js';
import { htmlReporter } from './html.js';
import { jsonReporter } from './json.js';
import { markdownReporter } from './markdown.js';

/** The reporter of each output format. */
export const reporters: Record<ReportFormat, Reporter> = {
  md: markdownReporter,
  csv: csvReporter,
  json: jsonReporter,
  html: htmlReporter,
};
