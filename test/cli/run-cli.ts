import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const mainScript = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

/** Runs `apl ...args` from the TypeScript sources (no build needed) and waits for it. */
export function runCli(args: string[], options: { cwd?: string; timeoutMs?: number } = {}):
  SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ['--import', 'tsx', mainScript, ...args], {
    encoding: 'utf8',
    cwd: options.cwd,
    timeout: options.timeoutMs ?? 600_000,
    env: { ...process.env, FORCE_COLOR: '0' },
  });
}

/** The path of the CLI entry, for tests that spawn it themselves (to interrupt it). */
export const cliEntry = mainScript;
