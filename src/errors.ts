/**
 * Errors that the command line reports in one line. A `UsageError` is a problem with
 * what the user gave (flags, config, data files): exit code 2. A `RunError` is a
 * failure during a run that was set up correctly (a loss turned NaN): exit code 1.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly exitCode = 2;
}

export class RunError extends Error {
  override readonly name = 'RunError';
  readonly exitCode = 1;
}
