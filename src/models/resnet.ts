import * as tf from '@tensorflow/tfjs';
import type { Random } from '../random/rng.js';
import { makeClassifier, type Classifier } from './classifier.js';
import { ParameterSet, type ConvWeights } from './parameters.js';
import {
  batchNorm, conv2dPadded, dense, globalAveragePool, type BatchNormState,
} from './ops.js';

/** A convolution without bias followed by batch norm, the unit ResNets are made of. */
interface ConvNorm {
  conv: ConvWeights;
  bn: BatchNormState;
  stride: number;
}

interface ResidualBlock {
  /** The main path; ReLU follows every unit but the last. */
  units: ConvNorm[];
  /** 1x1 projection when the shape changes, else the identity. */
  shortcut?: ConvNorm;
}

export type ResNetKind = 'basic' | 'bottleneck';

const stageWidths = [64, 128, 256, 512];

/**
 * The CIFAR-style ResNet of the reference (after He et al. 2016): a 3x3 stem of 64
 * channels at stride 1 (no max pooling), four stages of residual blocks of widths 64,
 * 128, 256, 512 (stride 2 at the start of stages 2-4), global average pooling and a dense
 * output. `basic` blocks are two 3x3 convolutions (ResNet-34: [3, 4, 6, 3]); `bottleneck`
 * blocks are 1x1, 3x3, 1x1 with 4x expansion (ResNet-50: [3, 4, 6, 3]). Porting note:
 * the reference averages over a fixed 4x4 window, which equals global average pooling on
 * 32x32 inputs; global pooling also accepts other sizes.
 */
export function resnet(
  name: string,
  options: { inputShape: number[]; numClasses: number; kind: ResNetKind; blockCounts: number[] },
  random: Random,
): Classifier {
  const parameters = new ParameterSet(random);
  const channels = options.inputShape[2]!;
  const expansion = options.kind === 'basic' ? 1 : 4;

  const unit = (prefix: string, size: number, inC: number, outC: number, stride: number) => ({
    conv: parameters.conv(`${prefix}.conv`, size, inC, outC, false),
    bn: parameters.batchNorm(`${prefix}.bn`, outC),
    stride,
  });

  const stem = unit('stem', 3, channels, 64, 1);
  let inPlanes = 64;
  const blocks: ResidualBlock[] = [];
  options.blockCounts.forEach((count, stage) => {
    const planes = stageWidths[stage]!;
    for (let index = 0; index < count; index++) {
      const stride = index === 0 && stage > 0 ? 2 : 1;
      const prefix = `layer${stage + 1}.${index}`;
      const units = options.kind === 'basic'
        ? [unit(`${prefix}.a`, 3, inPlanes, planes, stride),
          unit(`${prefix}.b`, 3, planes, planes, 1)]
        : [unit(`${prefix}.a`, 1, inPlanes, planes, 1),
          unit(`${prefix}.b`, 3, planes, planes, stride),
          unit(`${prefix}.c`, 1, planes, planes * expansion, 1)];
      const needsProjection = stride !== 1 || inPlanes !== planes * expansion;
      const shortcut = needsProjection
        ? unit(`${prefix}.shortcut`, 1, inPlanes, planes * expansion, stride) : undefined;
      blocks.push(shortcut ? { units, shortcut } : { units });
      inPlanes = planes * expansion;
    }
  });
  const output = parameters.dense('linear', inPlanes, options.numClasses);

  const applyUnit = (x: tf.Tensor4D, { conv, bn, stride }: ConvNorm, training: boolean,
    withRelu: boolean) => batchNorm(conv2dPadded(x, conv.kernel as tf.Tensor4D, stride), bn,
    training, { relu: withRelu });

  const forward = (inputs: tf.Tensor, training: boolean): tf.Tensor2D => tf.tidy(() => {
    let x = applyUnit(inputs as tf.Tensor4D, stem, training, true);
    for (const block of blocks) {
      let path = x;
      block.units.forEach((convNorm, i) => {
        path = applyUnit(path, convNorm, training, i < block.units.length - 1);
      });
      const skip = block.shortcut ? applyUnit(x, block.shortcut, training, false) : x;
      x = tf.relu(tf.add(path, skip));
    }
    return dense(globalAveragePool(x), output.weight as tf.Tensor2D, output.bias as tf.Tensor1D);
  });
  return makeClassifier(name, parameters, forward);
}
