import type { Command } from 'commander';

// Placeholder while the command is being built; replaced by its implementation.
export function registerNoisify(program: Command): void {
  program.command('noisify').description('(not yet available)').action(() => {
    throw new Error('apl noisify is not available yet');
  });
}
