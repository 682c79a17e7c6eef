package sweep.train.layoutlm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sweep.util.BadInputException;
import sweep.util.Json;

/**
 * Data that every trial would fail on, or score nothing with, is a clear error before the first trial: what is wrong,
 * and how many rows were rejected and why.
 */
class TrialDataTest {
  @TempDir Path dir;

  private static String row(String doc, String line, String label) {
    return "{\"receipt_id\": \"" + doc + "\", \"line_id\": \"" + line + "\", \"words\": [\"TOTAL\", \"9.99\"],"
        + " \"boxes\": [[10, 20, 60, 35], [700, 20, 760, 35]], \"labels\": [\"O\", \"" + label + "\"]}";
  }

  private ObjectNode files(List<String> train, List<String> val) throws Exception {
    Files.write(dir.resolve("train.jsonl"), train);
    Files.write(dir.resolve("val.jsonl"), val);
    ObjectNode d = Json.mapper().createObjectNode();
    d.put("kind", "files").put("train", dir.resolve("train.jsonl").toString())
        .put("val", dir.resolve("val.jsonl").toString());
    return d;
  }

  @Test
  void goodDataLoads() throws Exception {
    TrialData data = TrialData.load(files(List.of(row("r1", "1", "B-TOTAL"), row("r2", "1", "O")),
        List.of(row("r3", "1", "B-TOTAL"))));
    assertThat(data.all()).hasSize(3);
  }

  @Test
  void dataThatIsAllBadSaysHowManyRowsWereRejectedAndWhy() throws Exception {
    ObjectNode d = files(List.of("not json", row("r1", "1", "B-"), row("r1", "1", "B-")), List.of("[]"));
    assertThatThrownBy(() -> TrialData.load(d)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("no usable line among 4 row(s) (4 bad rows skipped (2 invalid_json, 2 unknown_tag)");
  }

  @Test
  void labelsThatAreAllOAreAnErrorBeforeAnyTrial() throws Exception {
    ObjectNode d = files(List.of(row("r1", "1", "O"), row("r2", "1", "O")), List.of(row("r3", "1", "O")));
    assertThatThrownBy(() -> TrialData.load(d)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("every label of its 3 line(s) is O, so there is no entity to learn or to score");
  }

  @Test
  void aValidationSplitWithoutAnEntityIsAnErrorBeforeAnyTrial() throws Exception {
    ObjectNode d = files(List.of(row("r1", "1", "B-TOTAL")), List.of(row("r3", "1", "O")));
    assertThatThrownBy(() -> TrialData.load(d)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("the validation split (1 line(s)) has no entity, so val_f1 cannot be scored");
    ObjectNode empty = files(List.of(row("r1", "1", "B-TOTAL")), List.of());
    assertThatThrownBy(() -> TrialData.load(empty)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("the validation split (0 line(s)) has no entity");
  }

  @Test
  void aLineInBothTrainAndValidationIsAnError() throws Exception {
    ObjectNode d = files(List.of(row("r1", "1", "B-TOTAL")), List.of(row("r1", "1", "B-TOTAL")));
    assertThatThrownBy(() -> TrialData.load(d)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("line (r1, 1) is in both the train and the validation data");
  }
}
