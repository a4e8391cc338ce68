import * as tf from '@tensorflow/tfjs';

/** Settings of stochastic gradient descent as PyTorch's `torch.optim.SGD` defines them. */
export interface SgdSettings {
  /** Momentum factor mu in [0, 1); 0 disables the velocity buffers' effect. */
  momentum: number;
  /** Nesterov momentum: step along g + mu * v instead of v. Needs momentum > 0. */
  nesterov: boolean;
  /** L2 coefficient lambda added to the gradient as lambda * theta (not decoupled). */
  weightDecay: number;
}

/**
 * SGD with momentum, optional Nesterov momentum and weight decay, matching PyTorch's SGD
 * (dampening 0). For each parameter theta with gradient g and velocity v (initially 0):
 *
 *   d = g + lambda * theta
 *   v = mu * v + d
 *   theta = theta - lr * (nesterov ? d + mu * v : v)
 *
 * PyTorch starts v at d on the first step; with v starting at 0 the formula gives the
 * same value, so a fresh buffer of zeros is equivalent. Weight decay applies to every
 * parameter handed to the optimiser and is added after any gradient clipping.
 */
export class SgdOptimizer {
  readonly variables: readonly tf.Variable[];
  readonly settings: SgdSettings;
  private readonly velocities: tf.Variable[];

  constructor(variables: readonly tf.Variable[], settings: SgdSettings) {
    if (settings.nesterov && settings.momentum <= 0) {
      throw new RangeError('Nesterov momentum needs a momentum above 0');
    }
    this.variables = variables;
    this.settings = settings;
    this.velocities = variables.map((variable, index) =>
      tf.variable(tf.zerosLike(variable), false, `sgd.velocity.${index}`));
  }

  /**
   * Updates every variable with its gradient (same order as `variables`), each gradient
   * first multiplied by `gradientScale` when given (the clipping coefficient).
   */
  apply(gradients: readonly tf.Tensor[], learningRate: number, gradientScale?: tf.Scalar): void {
    if (gradients.length !== this.variables.length) {
      throw new RangeError(`expected ${this.variables.length} gradients, got ${gradients.length}`);
    }
    const { momentum, nesterov, weightDecay } = this.settings;
    tf.tidy(() => {
      this.variables.forEach((variable, index) => {
        const velocity = this.velocities[index]!;
        const raw = gradients[index]!;
        const gradient = gradientScale ? tf.mul(raw, gradientScale) : raw;
        const direction = weightDecay === 0 ? gradient
          : tf.add(gradient, tf.mul(variable, weightDecay));

        let step = direction;
        if (momentum !== 0) {
          const newVelocity = tf.add(tf.mul(velocity, momentum), direction);
          velocity.assign(newVelocity);
          step = nesterov ? tf.add(direction, tf.mul(newVelocity, momentum)) : newVelocity;
        }
        variable.assign(tf.sub(variable, tf.mul(step, learningRate)));
      });
    });
  }

  /** The velocity buffers under stable names, for checkpoints. */
  namedState(): Record<string, tf.Variable> {
    return Object.fromEntries(this.velocities.map((velocity, index) =>
      [`optimizer.velocity.${index}`, velocity]));
  }

  dispose(): void {
    this.velocities.forEach((velocity) => velocity.dispose());
  }
}
