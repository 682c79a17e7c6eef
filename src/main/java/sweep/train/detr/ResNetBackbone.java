package sweep.train.detr;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.pooling.Pool;
import java.util.ArrayList;
import java.util.List;

/**
 * timm's ResNet as Deformable DETR's backbone ({@code DeformableDetrConvEncoder} with {@code use_timm_backbone}):
 * a 7x7 stride-2 stem, 3x3 stride-2 max pooling and four stages of basic (ResNet-18/34) or bottleneck (ResNet-50)
 * blocks, every batch norm frozen ({@link Layers#frozenBatchNorm}), returning the maps at {@code out_indices} (0 the
 * stem, 1..4 the stages), with timm's names under {@value #PREFIX}.
 */
record ResNetBackbone(DeformableDetrConfig config) {
  static final String PREFIX = "model.backbone.conv_encoder.model.";

  /** The feature maps at the configuration's {@code out_indices}, in order. */
  List<NDArray> features(Weights w, NDArray pixels) {
    List<Integer> out = config.outIndices();
    List<NDArray> features = new ArrayList<>();
    NDArray x = Activation.relu(Layers.frozenBatchNorm(w, PREFIX + "bn1.", Layers.conv(w, PREFIX + "conv1.", pixels,
        2, 3, false)));
    if (out.contains(0)) {
      features.add(x);
    }
    x = Pool.maxPool2d(x, new Shape(3, 3), new Shape(2, 2), new Shape(1, 1), false);
    for (int stage = 0; stage < 4; stage++) {
      for (int block = 0; block < config.backboneLayers().get(stage); block++) {
        x = block(w, stage, block, x);
      }
      if (out.contains(stage + 1)) {
        features.add(x);
      }
    }
    return features;
  }

  private NDArray block(Weights w, int stage, int index, NDArray x) {
    String p = blockPrefix(stage, index);
    int stride = stride(stage, index);
    NDArray shortcut = x;
    if (hasDownsample(stage, index)) {
      shortcut = Layers.frozenBatchNorm(w, p + "downsample.1.", Layers.conv(w, p + "downsample.0.", x, stride, 0,
          false));
    }
    NDArray y;
    if (config.bottleneck()) {
      y = Activation.relu(Layers.frozenBatchNorm(w, p + "bn1.", Layers.conv(w, p + "conv1.", x, 1, 0, false)));
      y = Activation.relu(Layers.frozenBatchNorm(w, p + "bn2.", Layers.conv(w, p + "conv2.", y, stride, 1, false)));
      y = Layers.frozenBatchNorm(w, p + "bn3.", Layers.conv(w, p + "conv3.", y, 1, 0, false));
    } else {
      y = Activation.relu(Layers.frozenBatchNorm(w, p + "bn1.", Layers.conv(w, p + "conv1.", x, stride, 1, false)));
      y = Layers.frozenBatchNorm(w, p + "bn2.", Layers.conv(w, p + "conv2.", y, 1, 1, false));
    }
    return Activation.relu(y.add(shortcut));
  }

  private static String blockPrefix(int stage, int block) {
    return PREFIX + "layer" + (stage + 1) + "." + block + ".";
  }

  /** 2 for the first block of stages 2-4, 1 otherwise. */
  private static int stride(int stage, int block) {
    return stage > 0 && block == 0 ? 2 : 1;
  }

  /** Whether the block's shortcut is a 1x1 convolution + norm (it changes the stride or the channels). */
  private boolean hasDownsample(int stage, int block) {
    return stride(stage, block) != 1 || inChannels(stage, block) != outChannels(stage);
  }

  /** A block's expansion: 4 for bottlenecks, 1 for basic blocks. */
  int expansion() {
    return config.bottleneck() ? 4 : 1;
  }

  /** The channels leaving stage {@code stage} (0..3). */
  int outChannels(int stage) {
    return config.backboneChannels().get(stage) * expansion();
  }

  /** The channels entering block {@code block} of stage {@code stage}. */
  int inChannels(int stage, int block) {
    if (block > 0) {
      return outChannels(stage);
    }
    return stage == 0 ? config.stemWidth() : outChannels(stage - 1);
  }

  /** The channels of the map at feature index {@code index} (0 the stem, 1..4 the stages). */
  int featureChannels(int index) {
    return index == 0 ? config.stemWidth() : outChannels(index - 1);
  }

  /**
   * Every tensor of the backbone in timm's order: name, shape, and whether Hugging Face trains it (the stem and
   * layer1 stay frozen, as do all batch-norm tensors, which are buffers).
   */
  List<ParameterSpec> parameters() {
    List<ParameterSpec> specs = new ArrayList<>();
    specs.add(ParameterSpec.conv(PREFIX + "conv1.weight", config.stemWidth(), 3, 7, false));
    specs.addAll(ParameterSpec.frozenNorm(PREFIX + "bn1.", config.stemWidth()));
    for (int stage = 0; stage < 4; stage++) {
      boolean train = stage > 0;
      int planes = config.backboneChannels().get(stage);
      for (int block = 0; block < config.backboneLayers().get(stage); block++) {
        String p = blockPrefix(stage, block);
        int in = inChannels(stage, block);
        if (config.bottleneck()) {
          specs.add(ParameterSpec.conv(p + "conv1.weight", planes, in, 1, train));
          specs.addAll(ParameterSpec.frozenNorm(p + "bn1.", planes));
          specs.add(ParameterSpec.conv(p + "conv2.weight", planes, planes, 3, train));
          specs.addAll(ParameterSpec.frozenNorm(p + "bn2.", planes));
          specs.add(ParameterSpec.conv(p + "conv3.weight", planes * 4, planes, 1, train));
          specs.addAll(ParameterSpec.frozenNorm(p + "bn3.", planes * 4));
        } else {
          specs.add(ParameterSpec.conv(p + "conv1.weight", planes, in, 3, train));
          specs.addAll(ParameterSpec.frozenNorm(p + "bn1.", planes));
          specs.add(ParameterSpec.conv(p + "conv2.weight", planes, planes, 3, train));
          specs.addAll(ParameterSpec.frozenNorm(p + "bn2.", planes));
        }
        if (hasDownsample(stage, block)) {
          specs.add(ParameterSpec.conv(p + "downsample.0.weight", outChannels(stage), in, 1, train));
          specs.addAll(ParameterSpec.frozenNorm(p + "downsample.1.", outChannels(stage)));
        }
      }
    }
    return specs;
  }

  /** Whether {@code name} is one of the backbone's convolution weights (not a batch-norm tensor). */
  static boolean isConvolution(String name) {
    return name.startsWith(PREFIX) && (name.endsWith("conv1.weight") || name.endsWith("conv2.weight")
        || name.endsWith("conv3.weight") || name.endsWith("downsample.0.weight"));
  }
}
