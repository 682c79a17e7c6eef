package sweep.report.tensorboard;

import com.google.protobuf.ListValue;
import com.google.protobuf.Value;
import java.util.List;
import java.util.Map;
import sweep.report.tensorboard.proto.DataType;
import sweep.report.tensorboard.proto.Experiment;
import sweep.report.tensorboard.proto.HParamInfo;
import sweep.report.tensorboard.proto.HParamsPluginData;
import sweep.report.tensorboard.proto.Interval;
import sweep.report.tensorboard.proto.MetricInfo;
import sweep.report.tensorboard.proto.MetricName;
import sweep.report.tensorboard.proto.SessionEndInfo;
import sweep.report.tensorboard.proto.SessionStartInfo;
import sweep.report.tensorboard.proto.Status;
import sweep.report.tensorboard.proto.Summary;
import sweep.report.tensorboard.proto.SummaryMetadata;
import sweep.spec.ParamSpec;
import sweep.store.TrialState;
import sweep.util.Secrets;

/**
 * The HParams plugin's summaries, as TensorBoard's own hparams summary API writes them: a value with no data under
 * the tag {@link #EXPERIMENT_TAG}, {@link #SESSION_START_TAG} or {@link #SESSION_END_TAG}, whose metadata names the
 * plugin {@value #PLUGIN} and holds a serialized {@link HParamsPluginData} of version 0. The experiment goes in the
 * log directory's own run, each session's start and end in the session's run. No text it writes holds a
 * credential's value.
 */
final class HParams {
  static final String PLUGIN = "hparams";
  static final String EXPERIMENT_TAG = "_hparams_/experiment";
  static final String SESSION_START_TAG = "_hparams_/session_start_info";
  static final String SESSION_END_TAG = "_hparams_/session_end_info";

  private HParams() {}

  /**
   * The experiment: each searched parameter with its domain (a list's values, discrete; a distribution's range, an
   * interval) and the metric, a scalar of the session's own run.
   */
  static Summary experiment(String name, double createdSecs, Map<String, ParamSpec> parameters, String metric,
      String description) {
    Experiment.Builder e = Experiment.newBuilder().setName(redacted(name)).setDescription(redacted(description))
        .setTimeCreatedSecs(createdSecs)
        .addMetricInfos(MetricInfo.newBuilder().setName(MetricName.newBuilder().setTag(metric)));
    parameters.forEach((param, spec) -> {
      if (spec.searched()) {
        e.addHparamInfos(info(param, spec));
      }
    });
    return summary(EXPERIMENT_TAG, HParamsPluginData.newBuilder().setExperiment(e), null);
  }

  /**
   * A session's start: its parameters (each of the type its domain has in the experiment), where its files are,
   * when it was created.
   */
  static Summary sessionStart(Map<String, Object> params, Map<String, ParamSpec> parameters, String modelUri,
      double startSecs) {
    SessionStartInfo.Builder s = SessionStartInfo.newBuilder().setModelUri(redacted(modelUri))
        .setStartTimeSecs(startSecs);
    params.forEach((k, v) -> s.putHparams(k, parameters.get(k) instanceof ParamSpec.Categorical c
        && type(c.values()) == DataType.DATA_TYPE_STRING ? text(v) : value(v)));
    return summary(SESSION_START_TAG, HParamsPluginData.newBuilder().setSessionStartInfo(s), null);
  }

  /**
   * A finished session's end: its status ({@link #status}), with the trial's own state word in the value's
   * {@code summary_description}, since TensorBoard's statuses have no word for pruned.
   */
  static Summary sessionEnd(TrialState state, double endSecs) {
    return summary(SESSION_END_TAG, HParamsPluginData.newBuilder().setSessionEndInfo(
        SessionEndInfo.newBuilder().setStatus(status(state)).setEndTimeSecs(endSecs)), state.name().toLowerCase());
  }

  /**
   * A finished trial's status in TensorBoard's words: complete and pruned trials ended as the sweep meant them to
   * (a pruned trial's partial curve is data like any other), so both are successes; failed ones are failures.
   */
  static Status status(TrialState state) {
    return switch (state) {
      case COMPLETE, PRUNED -> Status.STATUS_SUCCESS;
      case FAILED -> Status.STATUS_FAILURE;
      case PENDING, RUNNING -> Status.STATUS_RUNNING;
    };
  }

  private static Summary summary(String tag, HParamsPluginData.Builder data, String description) {
    SummaryMetadata.Builder m = SummaryMetadata.newBuilder().setPluginData(SummaryMetadata.PluginData.newBuilder()
        .setPluginName(PLUGIN).setContent(data.setVersion(0).build().toByteString()));
    if (description != null) {
      m.setSummaryDescription(description);
    }
    return Summary.newBuilder().addValue(Summary.Value.newBuilder().setTag(tag).setMetadata(m)).build();
  }

  private static HParamInfo info(String name, ParamSpec spec) {
    HParamInfo.Builder b = HParamInfo.newBuilder().setName(name);
    if (spec instanceof ParamSpec.Categorical c) {
      return b.setType(type(c.values())).setDomainDiscrete(list(c.values(), type(c.values()))).build();
    }
    double[] range = range(spec);
    return b.setType(DataType.DATA_TYPE_FLOAT64)
        .setDomainInterval(Interval.newBuilder().setMinValue(range[0]).setMaxValue(range[1])).build();
  }

  private static double[] range(ParamSpec spec) {
    if (spec instanceof ParamSpec.Uniform u) {
      return new double[] {u.min(), u.max()};
    } else if (spec instanceof ParamSpec.LogUniform u) {
      return new double[] {u.min(), u.max()};
    } else if (spec instanceof ParamSpec.IntUniform u) {
      return new double[] {u.min(), u.max()};
    } else if (spec instanceof ParamSpec.QUniform u) {
      return new double[] {u.min(), u.max()};
    } else if (spec instanceof ParamSpec.QLogUniform u) {
      return new double[] {u.min(), u.max()};
    } else if (spec instanceof ParamSpec.Mapped m) {
      return m.span();
    }
    throw new IllegalArgumentException("not a searched distribution: " + spec);
  }

  /** The type of a list's values: numbers or booleans when all are, else strings (each value written as one). */
  private static DataType type(List<Object> values) {
    if (values.stream().allMatch(v -> v instanceof Number)) {
      return DataType.DATA_TYPE_FLOAT64;
    }
    return values.stream().allMatch(v -> v instanceof Boolean) ? DataType.DATA_TYPE_BOOL : DataType.DATA_TYPE_STRING;
  }

  private static ListValue list(List<Object> values, DataType type) {
    ListValue.Builder l = ListValue.newBuilder();
    values.forEach(v -> l.addValues(type == DataType.DATA_TYPE_STRING ? text(v) : value(v)));
    return l.build();
  }

  /** A parameter's value: a number, a boolean, or else its text. */
  static Value value(Object v) {
    if (v instanceof Number n) {
      return Value.newBuilder().setNumberValue(n.doubleValue()).build();
    } else if (v instanceof Boolean b) {
      return Value.newBuilder().setBoolValue(b).build();
    }
    return text(v);
  }

  private static Value text(Object v) {
    return Value.newBuilder().setStringValue(redacted(String.valueOf(v))).build();
  }

  /** Text as event files may hold it: every credential's value ({@link Secrets#active}) masked. */
  static String redacted(String text) {
    return Secrets.active().redact(text);
  }
}
