package sweep.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sweep.aws.AwsConfig;

class SecretsTest {
  private static final Map<String, String> ENV = Map.of("AWS_ACCESS_KEY_ID", "AKIAPLANTED0001",
      "AWS_SECRET_ACCESS_KEY", "planted/secret+0002", "AWS_SESSION_TOKEN", "planted-session-0003",
      "HF_TOKEN", "hf_planted0004", "DB_PASSWORD", "planted-password-0005", "my_credential_file", "planted-cred-0006",
      "CUSTOM", "planted-custom-0007", "AWS_REGION", "us-east-1", "SHORT_KEY", "test", "HOME", "/root");

  @Test
  void credentialVariablesAndTheSpecsListAreSecretAndNothingElse() {
    Secrets s = Secrets.of(ENV, List.of("CUSTOM"));
    String all = String.join(" ", ENV.values());
    assertThat(s.redact(all)).as("a short value, such as an emulator's key 'test', is no secret")
        .doesNotContain("PLANTED", "planted").contains("us-east-1", "/root", "test");
    assertThat(Secrets.of(ENV, List.of()).redact("x planted-custom-0007 y")).isEqualTo("x planted-custom-0007 y");
    assertThat(s.foundIn("night-hf_planted0004")).contains("HF_TOKEN");
    assertThat(s.foundIn("night-1")).isEmpty();
  }

  @Test
  void aLongerSecretIsTakenOutWholeBeforeOneItContains() {
    Secrets s = Secrets.of(Map.of("A_KEY", "abcdefgh", "B_KEY", "abcdefghijkl"), List.of());
    assertThat(s.redact("[abcdefghijkl] [abcdefgh]")).isEqualTo("[***] [***]");
  }

  @Test
  void placeholdersCarryASecretThroughAFileWithoutWritingIt() {
    Secrets s = Secrets.of(ENV, List.of());
    String file = s.toPlaceholders("{\"env\": {\"T\": \"hf_planted0004\"}}");
    assertThat(file).isEqualTo("{\"env\": {\"T\": \"{{secret:HF_TOKEN}}\"}}");
    assertThat(Secrets.fill(file, ENV)).isEqualTo("{\"env\": {\"T\": \"hf_planted0004\"}}");
    // a value with a quote and a backslash, as JSON writes it
    Secrets odd = Secrets.of(Map.of("ODD_TOKEN", "pa\"ss\\word"), List.of());
    String json = Json.write(Json.mapper().createObjectNode().put("t", "pa\"ss\\word"));
    String written = odd.toPlaceholders(json);
    assertThat(written).isEqualTo("{\"t\":\"{{secret:ODD_TOKEN}}\"}");
    assertThat(Json.tree(Secrets.fill(written, Map.of("ODD_TOKEN", "pa\"ss\\word"))).path("t").asText())
        .isEqualTo("pa\"ss\\word");
  }

  @Test
  void endpointsLoseTheirUserInfoAndQuery() {
    assertThat(Secrets.endpoint("http://AKIA:SECRET@127.0.0.1:9000/path?X-Amz-Signature=abc"))
        .isEqualTo("http://***@127.0.0.1:9000/path?***");
    assertThat(Secrets.endpoint("https://storage.example.com/models")).isEqualTo("https://storage.example.com/models");
    AwsConfig aws = new AwsConfig(Map.of("AWS_REGION", "us-east-1",
        "AWS_ENDPOINT_URL_S3", "http://AKIAPLANTED0001:planted@127.0.0.1:9000/?token=planted-session-0003"));
    assertThat(aws.describe("S3")).doesNotContain("planted", "PLANTED").contains("127.0.0.1:9000");
  }

  @Test
  void aWriterTakesSecretsOutOfWhatPassesThroughLineByLine() throws Exception {
    Secrets.install(Secrets.of(ENV, List.of()));
    try {
      StringWriter sink = new StringWriter();
      RedactingWriter w = new RedactingWriter(sink, Secrets::active);
      w.write("key AKIAPLA");
      w.write("NTED0001 end\nnext hf_planted0004");
      w.flush();
      assertThat(sink.toString()).isEqualTo("key *** end\nnext ***");
    } finally {
      Secrets.install(Secrets.of(Map.of(), List.of()));
    }
  }
}
