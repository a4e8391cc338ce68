import type { SweepProgress } from './scheduler.js';

/**
 * One line for a sweep's progress, for example
 * `runs 12/48 done (4 from before), 2 running, 1 failed, about 1h 05m left`.
 */
export function formatProgress(progress: SweepProgress): string {
  const before = progress.skipped > 0 ? ` (${progress.skipped} from before)` : '';
  const left = progress.secondsLeft === null
    ? 'time left unknown until a run ends'
    : `about ${formatDuration(progress.secondsLeft)} left`;
  return [
    `runs ${progress.done}/${progress.total} done${before}`,
    `${progress.running} running`,
    `${progress.failed} failed`,
    left,
  ].join(', ');
}

/** A duration as `45s`, `12m 05s` or `3h 07m`. */
export function formatDuration(seconds: number): string {
  const whole = Math.max(Math.round(seconds), 0);
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = whole % 60;
  const twoDigits = (value: number) => String(value).padStart(2, '0');
  if (hours > 0) return `${hours}h ${twoDigits(minutes)}m`;
  if (minutes > 0) return `${minutes}m ${twoDigits(rest)}s`;
  return `${rest}s`;
}
