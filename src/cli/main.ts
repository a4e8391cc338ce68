#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { registerTrain } from './commands/train.js';
import { registerNoisify } from './commands/noisify.js';
import { registerSweep } from './commands/sweep.js';
import { registerReport } from './commands/report.js';
import { reportErrorAndExit } from './fail.js';

const program = new Command('apl')
  .description('Train classifiers on noisy labels with Active Passive Losses')
  .option('--verbose', 'print stack traces of errors')
  .exitOverride()
  .showHelpAfterError(false);

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
