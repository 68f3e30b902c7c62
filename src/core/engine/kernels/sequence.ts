// The sequence kernels: multi-head attention and the recurrent layers (simple RNN, LSTM, GRU).
// Embedding, positional encoding and graph convolution live with the basic kernels.

import { LayerKernel } from '../kernel';
import { attentionKernel } from './sequenceAttention';
import { RECURRENT_KERNELS } from './sequenceRecurrent';

export const SEQUENCE_KERNELS: readonly LayerKernel[] = [attentionKernel, ...RECURRENT_KERNELS];
