import type { Command } from 'commander';

// Placeholder while the command is being built; replaced by its implementation.
export function registerReport(program: Command): void {
  program.command('report').description('(not yet available)').action(() => {
    throw new Error('apl report is not available yet');
  });
}
