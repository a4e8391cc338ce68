// Prints where the time of one training step goes, kernel by kernel:
// npx tsx bench/profile.ts [mnist-cnn|cifar10-cnn] [wasm|cpu]
import * as tf from '@tensorflow/tfjs';
import { initBackend, type BackendChoice } from '../src/backend/index.js';
import { batchSize, benchModels, syntheticBatch, trainer, type BenchModel } from './workload.js';

const modelName = (process.argv[2] ?? 'mnist-cnn') as BenchModel;
const backend = (process.argv[3] ?? 'wasm') as BackendChoice;
await initBackend(backend);
const { step } = trainer(modelName);
const batch = syntheticBatch(benchModels[modelName].inputShape, batchSize, 1);
for (let i = 0; i < 3; i++) step(batch.images, batch.labels);

const profile = await tf.profile(() => {
  step(batch.images, batch.labels);
});
const byKernel = new Map<string, { ms: number; calls: number }>();
let total = 0;
for (const kernel of profile.kernels) {
  const ms = Number(kernel.kernelTimeMs);
  const entry = byKernel.get(kernel.name) ?? { ms: 0, calls: 0 };
  entry.ms += ms;
  entry.calls += 1;
  byKernel.set(kernel.name, entry);
  total += ms;
}
const rows = [...byKernel].sort((a, b) => b[1].ms - a[1].ms);
console.log(`${modelName} on ${backend}, batch ${batchSize}: ${total.toFixed(1)} ms in kernels, ${
  profile.kernels.length} kernel calls`);
for (const [name, { ms, calls }] of rows) {
  console.log(`${name.padEnd(28)} ${ms.toFixed(1).padStart(8)} ms ${
    String(calls).padStart(5)} calls`);
}
