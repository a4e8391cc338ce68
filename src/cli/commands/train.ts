import type { Command } from 'commander';

// Placeholder while the command is being built; replaced by its implementation.
export function registerTrain(program: Command): void {
  program.command('train').description('(not yet available)').action(() => {
    throw new Error('apl train is not available yet');
  });
}
