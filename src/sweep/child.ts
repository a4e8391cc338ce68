import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { PlannedRun } from './plan.js';
import type { RunLauncher, RunOutcome } from './scheduler.js';

export interface ChildProcessLauncherOptions {
  /** The program and its leading arguments, for example `[node, main.js, 'train']`. */
  command: string[];
  /** The further arguments of one run. */
  argumentsFor: (run: PlannedRun) => string[];
  /** The file that collects the run's output (appended to, so retries keep the story). */
  logPathFor: (run: PlannedRun) => string;
  /** How long a stopped run may take to save and exit before it is killed. */
  stopGraceMs?: number;
}

/**
 * Launches each run as a separate process with its output in a log file. A run that
 * is stopped gets SIGINT (so it can save a checkpoint), then SIGKILL after the grace
 * period. Each process has its own process group, so a Ctrl-C at the terminal reaches
 * the sweep only, which passes it on once.
 */
export function childProcessLauncher(options: ChildProcessLauncherOptions): RunLauncher {
  const [program, ...leadingArgs] = options.command;
  if (program === undefined) throw new Error('childProcessLauncher needs a command');

  return (run, signal) =>
    new Promise<RunOutcome>((resolve) => {
      const logPath = options.logPathFor(run);
      const args = [...leadingArgs, ...options.argumentsFor(run)];
      mkdirSync(dirname(logPath), { recursive: true });
      const log = openSync(logPath, 'a');
      writeSync(log, `\n== ${new Date().toISOString()} ${args.join(' ')}\n`);

      const child = spawn(program, args, { stdio: ['ignore', log, log], detached: true });
      let killTimer: NodeJS.Timeout | undefined;
      const stop = () => {
        child.kill('SIGINT');
        killTimer = setTimeout(() => child.kill('SIGKILL'), options.stopGraceMs ?? 30_000);
      };
      signal.addEventListener('abort', stop, { once: true });

      const settle = (outcome: RunOutcome) => {
        signal.removeEventListener('abort', stop);
        if (killTimer !== undefined) clearTimeout(killTimer);
        closeSync(log);
        resolve(outcome);
      };
      child.on('error', (error) => settle({ ok: false, detail: error.message }));
      child.on('exit', (code, signalName) => {
        if (code === 0) return settle({ ok: true, detail: 'exit code 0' });
        const how = code === null ? `stopped by ${signalName}` : `exit code ${code}`;
        settle({ ok: false, detail: `${how}: ${lastErrorLine(logPath)} (log: ${logPath})` });
      });
    });
}

/** The last `apl: ...` error line of a log, or its last line. */
function lastErrorLine(logPath: string): string {
  const lines = readFileSync(logPath, 'utf8').split('\n').map((line) => line.trim())
    .filter((line) => line !== '');
  return [...lines].reverse().find((line) => line.startsWith('apl:')) ?? lines.at(-1) ?? '';
}
