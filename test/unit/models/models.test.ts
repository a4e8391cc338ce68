import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { buildModel, type ModelName } from '../../../src/models/index.js';
import { UsageError } from '../../../src/errors.js';

before(async () => {
  await tf.setBackend('cpu');
});

const imageShapes: Record<string, number[]> = {
  'mnist-cnn': [28, 28, 1], 'cifar10-cnn': [32, 32, 3], resnet34: [32, 32, 3],
  resnet50: [32, 32, 3],
};

function countParameters(name: ModelName, numClasses: number): number {
  const model = buildModel(name, { inputShape: imageShapes[name]!, numClasses, seed: 1 });
  const count = model.trainableVariables.reduce((sum, variable) => sum + variable.size, 0);
  model.dispose();
  return count;
}

test('parameter counts equal those of the reference PyTorch models', () => {
  // Counted from the reference's layer definitions (torch: sum(p.numel() for p in params)).
  assert.equal(countParameters('mnist-cnn', 10), 422_090);
  assert.equal(countParameters('cifar10-cnn', 10), 1_639_794);
  assert.equal(countParameters('resnet34', 100), 21_328_292);
  assert.equal(countParameters('resnet50', 100), 23_705_252);
});

test('the same seed gives the same weights and another seed different ones', () => {
  const weights = (seed: number) => {
    const model = buildModel('mnist-cnn', { inputShape: [28, 28, 1], numClasses: 10, seed });
    const values = Object.entries(model.namedVariables())
      .map(([name, variable]) => [name, Array.from(variable.dataSync())] as const);
    model.dispose();
    return values;
  };
  assert.deepEqual(weights(3), weights(3));
  assert.notDeepEqual(weights(3), weights(4));
});

test('initialisation follows Kaiming-uniform, Xavier-uniform and PyTorch bias bounds', () => {
  const model = buildModel('mnist-cnn', { inputShape: [28, 28, 1], numClasses: 10, seed: 5 });
  const variables = model.namedVariables();
  const check = (name: string, bound: number) => {
    const values = Array.from(variables[name]!.dataSync());
    const largest = values.reduce((max, value) => Math.max(max, Math.abs(value)), 0);
    assert.ok(largest <= bound && largest > 0.9 * bound, `${name}: max |w| ${largest} vs ${bound}`);
    const variance = values.reduce((sum, value) => sum + value * value, 0) / values.length;
    assert.ok(Math.abs(Math.sqrt(variance) - bound / Math.sqrt(3)) < 0.05 * bound, name);
  };
  check('block2.0.conv.kernel', Math.sqrt(6 / (32 * 9)));
  check('block2.0.conv.bias', 1 / Math.sqrt(32 * 9));
  check('fc1.weight', Math.sqrt(6 / (3136 + 128)));
  check('fc1.bias', 1 / Math.sqrt(3136));
  assert.deepEqual(Array.from(variables['fc1.bn.gamma']!.dataSync()), new Array(128).fill(1));
  assert.deepEqual(Array.from(variables['fc1.bn.runningVariance']!.dataSync()),
    new Array(128).fill(1));
  model.dispose();
});

for (const name of ['mnist-cnn', 'cifar10-cnn', 'resnet34', 'resnet50'] as const) {
  test(`${name} maps a batch to logits and only training updates batch-norm statistics`, () => {
    const inputShape = name.startsWith('resnet') ? [8, 8, 3] : imageShapes[name]!;
    const model = buildModel(name, { inputShape, numClasses: 7, seed: 2 });
    const inputs = tf.randomNormal([3, ...inputShape], 0, 1, 'float32', 9);
    const runningMean = model.stateVariables[0]!;
    const before = runningMean.dataSync().slice();

    const evaluation = model.apply(inputs, false);
    assert.deepEqual(evaluation.shape, [3, 7]);
    assert.deepEqual(runningMean.dataSync(), before);

    const training = model.apply(inputs, true);
    assert.deepEqual(training.shape, [3, 7]);
    assert.notDeepEqual(runningMean.dataSync(), before);
    assert.ok(training.dataSync().every(Number.isFinite));
    tf.dispose([inputs, evaluation, training]);
    model.dispose();
  });
}

test('the MLP has the chosen hidden widths and takes [batch, features]', () => {
  const model = buildModel('mlp', { inputShape: [6], numClasses: 3, hiddenSizes: [5, 4], seed: 1 });
  assert.deepEqual(model.trainableVariables.map((variable) => variable.shape),
    [[6, 5], [5], [5, 4], [4], [4, 3], [3]]);
  const logits = model.apply(tf.ones([2, 6]), true);
  assert.deepEqual(logits.shape, [2, 3]);
  assert.equal(model.stateVariables.length, 0);
  model.dispose();
});

test('gradients reach every trainable variable', () => {
  const model = buildModel('mnist-cnn', { inputShape: [28, 28, 1], numClasses: 10, seed: 1 });
  const inputs = tf.randomNormal([4, 28, 28, 1], 0, 1, 'float32', 1);
  const { value, grads } = tf.variableGrads(() => tf.mean(tf.square(model.apply(inputs, true))),
    model.trainableVariables);
  assert.equal(Object.keys(grads).length, model.trainableVariables.length);
  for (const grad of Object.values(grads)) {
    assert.ok(grad.dataSync().some((v) => v !== 0));
  }
  tf.dispose([value, inputs, ...Object.values(grads)]);
  model.dispose();
});

test('bad model names and shapes are usage errors that name the input', () => {
  assert.throws(() => buildModel('vgg' as ModelName, { inputShape: [1], numClasses: 2, seed: 1 }),
    (error: Error) => error instanceof UsageError && /vgg/.test(error.message));
  assert.throws(() => buildModel('mnist-cnn', { inputShape: [784], numClasses: 10, seed: 1 }),
    (error: Error) => error instanceof UsageError && /height, width, channels/.test(error.message));
});
