import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../../src/random/rng.js';

test('the same seed gives the same sequence and another seed a different one', () => {
  const draw = (seed: number) => {
    const random = Random.fromSeed(seed);
    return Array.from({ length: 20 }, () => random.int(1000));
  };
  assert.deepEqual(draw(1), draw(1));
  assert.notDeepEqual(draw(1), draw(2));
});

test('a generator restored from its state continues the same sequence', () => {
  const random = Random.fromSeed(7);
  random.int(10);
  const restored = Random.fromState(random.state());
  assert.deepEqual(
    Array.from({ length: 10 }, () => random.float()),
    Array.from({ length: 10 }, () => restored.float()),
  );
});

test('int stays in range and shuffle keeps every element', () => {
  const random = Random.fromSeed(3);
  for (let i = 0; i < 1000; i++) {
    const value = random.int(7);
    assert.ok(value >= 0 && value < 7 && Number.isInteger(value));
  }
  const values = Int32Array.from({ length: 50 }, (_, i) => i);
  random.shuffle(values);
  assert.deepEqual([...values].sort((a, b) => a - b), Array.from({ length: 50 }, (_, i) => i));
});
