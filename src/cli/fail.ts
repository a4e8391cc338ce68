import { UsageError, RunError } from '../errors.js';

/**
 * Prints an error as one line (`apl: message`) and exits: 2 for usage and input
 * errors, 1 for failures during a run and for anything unexpected. The stack trace
 * is printed only when `verbose` is set.
 */
export function reportErrorAndExit(error: unknown, verbose: boolean): never {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`apl: ${message.split('\n')[0]}`);
  if (verbose && error instanceof Error && error.stack) console.error(error.stack);
  const exitCode = error instanceof UsageError || error instanceof RunError ? error.exitCode : 1;
  process.exit(exitCode);
}
