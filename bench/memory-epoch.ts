// One epoch of MNIST-sized training in a fresh process, reporting its peak resident memory:
// npx tsx bench/memory-epoch.ts BACKEND IMAGES. The images are random bytes held as uint8,
// as a loaded MNIST is, and each batch is converted to floats in [0, 1].
import * as tf from '@tensorflow/tfjs';
import { initBackend, type BackendChoice } from '../src/backend/index.js';
import { Random } from '../src/random/rng.js';
import { batchSize, numClasses, trainer } from './workload.js';

const backend = (process.argv[2] ?? 'wasm') as BackendChoice;
const count = Number(process.argv[3] ?? 60000);
await initBackend(backend);

const random = Random.fromSeed(1);
const pixels = 28 * 28;
const images = Uint8Array.from({ length: count * pixels }, () => random.int(256));
const labels = Int32Array.from({ length: count }, () => random.int(numClasses));
const order = random.shuffle(Int32Array.from({ length: count }, (_, i) => i));
const { step, dispose } = trainer('mnist-cnn');

const start = performance.now();
for (let first = 0; first < count; first += batchSize) {
  const indices = order.subarray(first, Math.min(first + batchSize, count));
  const batchPixels = new Float32Array(indices.length * pixels);
  const batchLabels = new Int32Array(indices.length);
  indices.forEach((index, row) => {
    for (let p = 0; p < pixels; p++) {
      batchPixels[row * pixels + p] = images[index * pixels + p]! / 255;
    }
    batchLabels[row] = labels[index]!;
  });
  const x = tf.tensor4d(batchPixels, [indices.length, 28, 28, 1]);
  const y = tf.tensor1d(batchLabels, 'int32');
  step(x, y);
  tf.dispose([x, y]);
}
const seconds = (performance.now() - start) / 1000;
dispose();
console.log(JSON.stringify({
  peakRssBytes: process.resourceUsage().maxRSS * 1024, images: count, seconds,
}));
