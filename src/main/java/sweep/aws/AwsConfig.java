package sweep.aws;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.multipart.MultipartConfiguration;
import sweep.util.BadInputException;

/**
 * How sweep reaches AWS, read from an environment map (injected, so tests are exact) the way the AWS CLI reads
 * it: region from {@code AWS_REGION} / {@code AWS_DEFAULT_REGION}, else the profile ({@code AWS_PROFILE});
 * credentials from {@code AWS_ACCESS_KEY_ID} / {@code AWS_SECRET_ACCESS_KEY} / {@code AWS_SESSION_TOKEN}, else
 * the SDK's default chain (profile, container, instance role); endpoints from {@code AWS_ENDPOINT_URL_S3} /
 * {@code AWS_ENDPOINT_URL_DYNAMODB}, else {@code AWS_ENDPOINT_URL}. A custom S3 endpoint gets path-style
 * addressing. Requests are retried with the SDK's standard backoff (throttling included).
 *
 * <p>Credentials are handed to the SDK and nowhere else: {@link #describe} and {@link #toString} never show
 * them.
 */
public final class AwsConfig {
  /** Attempts per request, the first included, before an error reaches sweep. */
  public static final int MAX_ATTEMPTS = 8;

  private final Map<String, String> env;

  public AwsConfig(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  public Region region() {
    Optional<String> named = value("AWS_REGION").or(() -> value("AWS_DEFAULT_REGION"));
    if (named.isPresent()) {
      return Region.of(named.get());
    }
    try {
      DefaultAwsRegionProviderChain.Builder chain = DefaultAwsRegionProviderChain.builder();
      value("AWS_PROFILE").ifPresent(chain::profileName);
      return chain.build().getRegion();
    } catch (SdkClientException e) {
      throw new BadInputException("no AWS region: set AWS_REGION, or a region in the AWS profile");
    }
  }

  public AwsCredentialsProvider credentials() {
    Optional<String> key = value("AWS_ACCESS_KEY_ID");
    Optional<String> secret = value("AWS_SECRET_ACCESS_KEY");
    if (key.isPresent() && secret.isPresent()) {
      Optional<String> token = value("AWS_SESSION_TOKEN");
      return StaticCredentialsProvider.create(token.isPresent()
          ? AwsSessionCredentials.create(key.get(), secret.get(), token.get())
          : AwsBasicCredentials.create(key.get(), secret.get()));
    }
    DefaultCredentialsProvider.Builder chain = DefaultCredentialsProvider.builder();
    value("AWS_PROFILE").ifPresent(chain::profileName);
    return chain.build();
  }

  /** The endpoint for a service ({@code S3}, {@code DYNAMODB}), if one is set. */
  public Optional<URI> endpoint(String service) {
    String name = "AWS_ENDPOINT_URL_" + service;
    Optional<String> url = value(name).or(() -> value("AWS_ENDPOINT_URL"));
    return url.map(u -> {
      try {
        URI uri = new URI(u);
        if (uri.getScheme() == null || uri.getHost() == null) {
          throw new URISyntaxException(u, "not an absolute http(s) URL");
        }
        return uri;
      } catch (URISyntaxException e) {
        throw new BadInputException((value(name).isPresent() ? name : "AWS_ENDPOINT_URL") + ": '" + u
            + "' is not a URL like http://127.0.0.1:4566");
      }
    });
  }

  public S3Client s3() {
    var b = S3Client.builder().region(region()).credentialsProvider(credentials())
        .overrideConfiguration(overrides());
    endpoint("S3").ifPresent(e -> b.endpointOverride(e).forcePathStyle(true));
    return b.build();
  }

  /**
   * An asynchronous S3 client that splits uploads of {@code partSize} or more into parts sent in parallel
   * (multipart upload), on an event loop the caller owns (and shuts down: the SDK's own would hold the JVM for a
   * two-second quiet period when closed).
   */
  public S3AsyncClient s3Async(long partSize, SdkEventLoopGroup eventLoop) {
    var b = S3AsyncClient.builder().region(region()).credentialsProvider(credentials())
        .httpClientBuilder(NettyNioAsyncHttpClient.builder().eventLoopGroup(eventLoop))
        .overrideConfiguration(overrides()).multipartEnabled(true)
        .multipartConfiguration(MultipartConfiguration.builder().thresholdInBytes(partSize)
            .minimumPartSizeInBytes(partSize).build());
    endpoint("S3").ifPresent(e -> b.endpointOverride(e).forcePathStyle(true));
    return b.build();
  }

  public DynamoDbClient dynamoDb() {
    var b = DynamoDbClient.builder().region(region()).credentialsProvider(credentials())
        .overrideConfiguration(overrides());
    endpoint("DYNAMODB").ifPresent(b::endpointOverride);
    return b.build();
  }

  private static ClientOverrideConfiguration overrides() {
    return ClientOverrideConfiguration.builder()
        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(MAX_ATTEMPTS).build())
        .apiCallAttemptTimeout(Duration.ofMinutes(5))
        .build();
  }

  /** Region and endpoints, for messages; never credentials. */
  public String describe(String service) {
    return "region " + value("AWS_REGION").or(() -> value("AWS_DEFAULT_REGION")).orElse("(from profile)")
        + endpoint(service).map(e -> ", endpoint " + sweep.util.Secrets.endpoint(String.valueOf(e))).orElse("");
  }

  @Override
  public String toString() {
    return "AwsConfig[" + describe("S3") + "]";
  }

  private Optional<String> value(String name) {
    return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank());
  }
}
