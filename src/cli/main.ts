#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { registerTrain } from './commands/train.js';
import { registerNoisify } from './commands/noisify.js';
import { registerSweep } from './commands/sweep.js';
import { registerReport } from './commands/report.js';
import { reportErrorAndExit } from './fail.js';
import { versions } from '../train/versions.js';

const program = new Command('apl')
  .description('Train classifiers on noisy labels with Active Passive Losses')
  .version(versions().activePassiveLoss, '--version', 'print the version')
  .option('--verbose', 'print stack traces of errors')
  .exitOverride()
  .showHelpAfterError(false)
  // Commander's own errors (an unknown option, a missing value) as one `apl:` line too.
  .configureOutput({
    outputError: (text, write) => write(`apl: ${text.replace(/^error: /, '')
      .replace(/\s*\n\s*/g, ' ').trim()}\n`),
  });

registerTrain(program);
registerNoisify(program);
registerSweep(program);
registerReport(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Commander has already printed its one-line message (or the help text).
    process.exit(error.exitCode === 0 ? 0 : 2);
  }
  reportErrorAndExit(error, process.argv.includes('--verbose'));
}
