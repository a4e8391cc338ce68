import type { Command } from 'commander';

// Placeholder while the command is being built; replaced by its implementation.
export function registerSweep(program: Command): void {
  program.command('sweep').description('(not yet available)').action(() => {
    throw new Error('apl sweep is not available yet');
  });
}
