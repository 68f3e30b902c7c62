// Depthwise and depthwise-separable 2-D convolutions (MobileNet's building blocks), with
// Keras' weight names and layouts: depthwise_kernel [f_h, f_w, C, dm], pointwise_kernel
// [1, 1, C·dm, filters]. Sizes follow the same window formula as conv2d.

import { message } from '../localize';
import { ArgSpec, InferContext, LayerKindSpec } from '../spec';
import { formula, param, product, requireKnown, singleInput, trainableArgs } from './common';
import { kernelArgs, slidingWindow } from './convolution';

const depthMultiplierArg: ArgSpec = {
  name: 'depth_multiplier',
  type: { kind: 'int', min: 1 },
  default: 1,
  aliases: ['dm'],
  doc: 'Depth multiplier dm: how many filters each input channel gets.',
};

/** The trainable arguments without the literal weights, which name a `kernel` these layers lack. */
const ownTrainableArgs = () => trainableArgs().filter((a) => a.name !== 'weights' && a.name !== 'bias');

function depthwiseStage(context: InferContext) {
  const x = singleInput(context.inputs, 3, message('[height, width, channels]'));
  const { args } = context;
  const kernel = args.ints('kernel_size');
  const channels = requireKnown(x.shape[2], message('number of channels'), x.name);
  const dm = args.int('depth_multiplier');
  const { sizes, formulas } = slidingWindow(x.shape.slice(0, 2), kernel, args.ints('strides'), args.padding('padding'), x.name);
  return { kernel, channels, dm, sizes, formulas, depthwise: [kernel[0], kernel[1], channels, dm] };
}

const depthwiseConv2d: LayerKindSpec = {
  kind: 'depthwise_conv2d',
  family: 'convolution',
  title: 'Depthwise 2-D convolution',
  explanation: [
    'Each input channel gets its own f×f filters (depth_multiplier of them); channels are never mixed.',
    'f·f·C·dm weights instead of a convolution’s f·f·C·filters: far cheaper, as in MobileNet.',
  ],
  args: [kernelArgs(2)[1], depthMultiplierArg, ...kernelArgs(2).slice(2), ...ownTrainableArgs()],
  inputs: { min: 1, max: 1 },
  snippet: 'depthwise_conv2d ${1:dw} ${2:3} padding=${3|same,valid|}',
  infer(context) {
    const { channels, dm, sizes, formulas, depthwise } = depthwiseStage(context);
    const useBias = context.args.bool('use_bias');
    const outChannels = channels * dm;
    const count = depthwise.reduce((a, b) => a * b, 1) + (useBias ? outChannels : 0);
    return {
      output: [...sizes, outChannels],
      params: [param('depthwise_kernel', depthwise), ...(useBias ? [param('bias', [outChannels])] : [])],
      shapeFormula: [...formulas, formula('channels: C·dm', `${channels}·${dm}`, outChannels)],
      paramFormula: [
        useBias
          ? formula('f·f·C·dm + C·dm', `${product(depthwise)} + ${channels}·${dm}`, count)
          : formula('f·f·C·dm', product(depthwise), count),
      ],
    };
  },
};

const separableConv2d: LayerKindSpec = {
  kind: 'separable_conv2d',
  family: 'convolution',
  title: 'Separable 2-D convolution',
  explanation: [
    'A depthwise convolution (one f×f filter per channel) followed by a 1×1 convolution that mixes the channels.',
    'f·f·C·dm + C·dm·filters weights instead of f·f·C·filters: the same output shape for far fewer parameters.',
  ],
  args: [...kernelArgs(2).slice(0, 2), depthMultiplierArg, ...kernelArgs(2).slice(2), ...ownTrainableArgs()],
  inputs: { min: 1, max: 1 },
  snippet: 'separable_conv2d ${1:sep} ${2:16} ${3:3} activation=${4:relu}',
  infer(context) {
    const { channels, dm, sizes, formulas, depthwise } = depthwiseStage(context);
    const filters = context.args.int('filters');
    const useBias = context.args.bool('use_bias');
    const pointwise = [1, 1, channels * dm, filters];
    const count = depthwise.reduce((a, b) => a * b, 1) + channels * dm * filters + (useBias ? filters : 0);
    return {
      output: [...sizes, filters],
      params: [param('depthwise_kernel', depthwise), param('pointwise_kernel', pointwise), ...(useBias ? [param('bias', [filters])] : [])],
      shapeFormula: formulas,
      paramFormula: [
        useBias
          ? formula('f·f·C·dm + C·dm·filters + filters', `${product(depthwise)} + ${channels}·${dm}·${filters} + ${filters}`, count)
          : formula('f·f·C·dm + C·dm·filters', `${product(depthwise)} + ${channels}·${dm}·${filters}`, count),
      ],
    };
  },
};

export const depthwiseLayers: LayerKindSpec[] = [depthwiseConv2d, separableConv2d];
