import type { Random } from '../random/rng.js';

/** Training augmentation of the reference code for one dataset. */
export interface AugmentationPolicy {
  /** Zero padding on every side before a random crop back to the original size. */
  cropPadding: number;
  horizontalFlip: boolean;
  /** Largest rotation, in degrees, of a uniformly drawn angle in [-max, max]. */
  maxRotationDegrees: number;
}

export const cifar10Augmentation: AugmentationPolicy =
  { cropPadding: 4, horizontalFlip: true, maxRotationDegrees: 0 };

export const cifar100Augmentation: AugmentationPolicy =
  { cropPadding: 4, horizontalFlip: true, maxRotationDegrees: 20 };

/**
 * Writes an augmented copy of one HWC byte image into `target`: random crop of the
 * zero-padded image, then a horizontal flip with probability 1/2, then a rotation about the
 * centre with nearest-neighbour sampling and zero fill (the order of torchvision's
 * RandomCrop, RandomHorizontalFlip, RandomRotation). The draws per image are, in order:
 * vertical offset, horizontal offset, flip, angle (the angle only when rotation is on).
 */
export function augmentImage(source: Uint8Array, target: Uint8Array, shape: number[],
  policy: AugmentationPolicy, random: Random): void {
  const [height, width, channels] = shape as [number, number, number];
  const offsetY = random.int(2 * policy.cropPadding + 1) - policy.cropPadding;
  const offsetX = random.int(2 * policy.cropPadding + 1) - policy.cropPadding;
  const flip = policy.horizontalFlip && random.float() < 0.5;
  const angle = policy.maxRotationDegrees > 0
    ? (random.float() * 2 - 1) * policy.maxRotationDegrees * Math.PI / 180 : 0;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const centerY = (height - 1) / 2;
  const centerX = (width - 1) / 2;

  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const outputStart = (y * width + x) * channels;
      const rotatedY = Math.round(centerY + (y - centerY) * cos - (x - centerX) * sin);
      const rotatedX = Math.round(centerX + (y - centerY) * sin + (x - centerX) * cos);
      const flippedX = flip ? width - 1 - rotatedX : rotatedX;
      const sourceY = rotatedY + offsetY;
      const sourceX = flippedX + offsetX;
      const inside = rotatedY >= 0 && rotatedY < height && rotatedX >= 0 && rotatedX < width &&
        sourceY >= 0 && sourceY < height && sourceX >= 0 && sourceX < width;
      const sourceStart = (sourceY * width + sourceX) * channels;
      for (let c = 0; c < channels; c++) {
        target[outputStart + c] = inside ? source[sourceStart + c]! : 0;
      }
    }
  }
}
