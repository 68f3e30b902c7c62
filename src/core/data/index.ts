// The data sets' public face for the engine, the CLI and the views: build a data set from a
// compiled model, the contract it follows, its typed error, and the seeded generator that the
// engine reuses for initializers, dropout and shuffling.

export { createDataset, datasetForGraph, modelFacts } from './createDataset';
export type { DataPorts, Dataset, ModelFacts, Split, TensorData } from './dataset';
export { DataError } from './dataError';
export type { DataErrorCode } from './dataError';
export { MNIST_ASSET } from './mnist';
export { Random } from './random';
