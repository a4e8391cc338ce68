import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { SgdOptimizer } from '../../../src/train/sgd.js';

// Two steps of SGD on theta = [1, -2] with the constant gradient g = [0.5, 0.25] and
// lr 0.1, worked out by hand from PyTorch's update rule:
//   d = g + wd * theta;  v = mu * v + d;  theta -= lr * (nesterov ? d + mu * v : v)

function assertClose(actual: ArrayLike<number>, expected: number[], tolerance = 1e-6): void {
  assert.equal(actual.length, expected.length);
  expected.forEach((value, i) => {
    assert.ok(Math.abs(actual[i]! - value) <= tolerance,
      `entry ${i}: ${actual[i]} is not ${value}`);
  });
}

function runTwoSteps(settings: ConstructorParameters<typeof SgdOptimizer>[1],
  gradientScale?: number): number[][] {
  const theta = tf.variable(tf.tensor1d([1, -2]));
  const optimizer = new SgdOptimizer([theta], settings);
  const gradient = tf.tensor1d([0.5, 0.25]);
  const scale = gradientScale === undefined ? undefined : tf.scalar(gradientScale);
  const values: number[][] = [];
  for (let step = 0; step < 2; step++) {
    optimizer.apply([gradient], 0.1, scale);
    values.push(Array.from(theta.dataSync()));
  }
  optimizer.dispose();
  theta.dispose();
  gradient.dispose();
  scale?.dispose();
  return values;
}

describe('SgdOptimizer', () => {
  before(async () => { await tf.setBackend('cpu'); });

  it('without momentum or weight decay steps against the gradient', () => {
    const [first, second] = runTwoSteps({ momentum: 0, nesterov: false, weightDecay: 0 });
    assertClose(first!, [0.95, -2.025]);
    assertClose(second!, [0.9, -2.05]);
  });

  it('adds weight decay to the gradient', () => {
    // d1 = [0.51, 0.23]; theta1 = [0.949, -2.023]; d2 = [0.50949, 0.22977].
    const [first, second] = runTwoSteps({ momentum: 0, nesterov: false, weightDecay: 0.01 });
    assertClose(first!, [0.949, -2.023]);
    assertClose(second!, [0.949 - 0.050949, -2.023 - 0.022977]);
  });

  it('accumulates momentum with weight decay as PyTorch does', () => {
    // v1 = d1 = [0.51, 0.23]; v2 = 0.9 v1 + d2 = [0.96849, 0.43677].
    const [first, second] = runTwoSteps({ momentum: 0.9, nesterov: false, weightDecay: 0.01 });
    assertClose(first!, [0.949, -2.023]);
    assertClose(second!, [0.852151, -2.066677]);
  });

  it('takes Nesterov steps along d + mu * v', () => {
    // Step 1: d + 0.9 v = 1.9 d1 = [0.969, 0.437], theta1 = [0.9031, -2.0437].
    // Step 2: d2 = [0.509031, 0.229563], v2 = [0.968031, 0.436563],
    //         d2 + 0.9 v2 = [1.3802589, 0.6224697].
    const [first, second] = runTwoSteps({ momentum: 0.9, nesterov: true, weightDecay: 0.01 });
    assertClose(first!, [0.9031, -2.0437]);
    assertClose(second!, [0.76507411, -2.10594697]);
  });

  it('scales the gradient (clipping) before adding weight decay', () => {
    // d1 = 0.5 g + 0.01 theta = [0.26, 0.105]; theta1 = [0.974, -2.0105];
    // d2 = [0.25974, 0.104895]; v2 = 0.9 d1 + d2 = [0.49374, 0.199395].
    const [first, second] = runTwoSteps({ momentum: 0.9, nesterov: false, weightDecay: 0.01 }, 0.5);
    assertClose(first!, [0.974, -2.0105]);
    assertClose(second!, [0.974 - 0.049374, -2.0105 - 0.0199395]);
  });

  it('refuses Nesterov without momentum, as PyTorch does', () => {
    const theta = tf.variable(tf.zeros([2]));
    assert.throws(() => new SgdOptimizer([theta], { momentum: 0, nesterov: true, weightDecay: 0 }),
      /Nesterov/);
    theta.dispose();
  });

  it('exposes its velocity buffers under stable names', () => {
    const weights = [tf.variable(tf.zeros([2])), tf.variable(tf.zeros([3, 1]))];
    const optimizer = new SgdOptimizer(weights, { momentum: 0.9, nesterov: false, weightDecay: 0 });
    optimizer.apply([tf.ones([2]), tf.ones([3, 1])], 1);
    const state = optimizer.namedState();
    assert.deepEqual(Object.keys(state), ['optimizer.velocity.0', 'optimizer.velocity.1']);
    assert.deepEqual(Array.from(state['optimizer.velocity.1']!.dataSync()), [1, 1, 1]);
    optimizer.dispose();
    weights.forEach((weight) => weight.dispose());
  });
});
