// Loads the built-in MNIST and corrupts its training labels, reporting the time taken and
// the peak resident memory of the process against the targets (2 s, 400 MB):
// npx tsx bench/data.ts [--json]
import { loadDataset } from '../src/data/load.js';
import { applyNoise } from '../src/noise/apply.js';

const targetSeconds = 2;
const targetPeakRssBytes = 400 * 1024 * 1024;

const start = performance.now();
const mnist = await loadDataset('mnist');
const loaded = performance.now();
const symmetric = applyNoise(mnist, { type: 'symmetric', rate: 0.4 }, 1);
const asymmetric = applyNoise(mnist, { type: 'asymmetric', rate: 0.4 }, 1);
const end = performance.now();

const result = {
  benchmark: 'data',
  images: mnist.train.count + mnist.test.count,
  loadSeconds: (loaded - start) / 1000,
  noiseSeconds: (end - loaded) / 1000,
  seconds: (end - start) / 1000,
  processSeconds: process.uptime(),
  peakRssBytes: process.resourceUsage().maxRSS * 1024,
  actualRates: { symmetric: symmetric.report.actualRate, asymmetric: asymmetric.report.actualRate },
  targets: { seconds: targetSeconds, peakRssBytes: targetPeakRssBytes },
};
const withinTargets = result.seconds < targetSeconds && result.peakRssBytes < targetPeakRssBytes;

if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ ...result, withinTargets }));
} else {
  const megabytes = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
  console.log(`MNIST: ${result.images} images loaded in ${result.loadSeconds.toFixed(3)} s, ` +
    `labels corrupted (symmetric and asymmetric 0.4) in ${result.noiseSeconds.toFixed(3)} s`);
  console.log(`total ${result.seconds.toFixed(3)} s (target < ${targetSeconds} s), peak RSS ` +
    `${megabytes(result.peakRssBytes)} MB (target < ${megabytes(targetPeakRssBytes)} MB): ` +
    `${withinTargets ? 'within targets' : 'OVER TARGET'}`);
}
