package io.renku.secrets.service.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code renku.secrets.*} of the secrets service.
 *
 * @param privateKeyFile the current private key (PKCS#8 PEM), as the original's {@code
 *     SECRETS_SERVICE_PRIVATE_KEY_PATH}; blank: {@code keyDir}
 * @param previousPrivateKeyFile the key before the last rotation; blank when none
 * @param keyDir local mode: where the key pair is kept, made at the first start (0600 / 0644)
 * @param internalToken the credential shared with the data service (or {@code internalTokenFile})
 * @param internalTokenFile a file holding it (a mounted Secret in a cluster)
 * @param dataServiceUrl the data service's internal address, for the users' keys
 * @param sessionFilesDir local mode: root of the sessions' secrets directories; blank: no files
 * @param kubernetes whether Kubernetes Secrets are written (a cluster)
 * @param rotation the re-encryption of values sealed for the previous key
 */
@ConfigurationProperties("renku.secrets")
public record SecretsServiceProperties(
    @DefaultValue("") String privateKeyFile,
    @DefaultValue("") String previousPrivateKeyFile,
    @DefaultValue("") String keyDir,
    @DefaultValue("") String internalToken,
    @DefaultValue("") String internalTokenFile,
    @DefaultValue("") String dataServiceUrl,
    @DefaultValue("") String sessionFilesDir,
    @DefaultValue Kubernetes kubernetes,
    @DefaultValue Rotation rotation) {

  public record Kubernetes(@DefaultValue("false") boolean enabled) {}

  /**
   * @param batchSize rows read and rewritten at a time
   * @param initialDelay after the start, before the first run
   * @param interval between runs (each run does nothing without a previous key)
   */
  public record Rotation(
      @DefaultValue("100") int batchSize,
      @DefaultValue("10s") Duration initialDelay,
      @DefaultValue("1h") Duration interval) {}

  /** Never the token. */
  @Override
  public String toString() {
    return "SecretsServiceProperties[privateKeyFile="
        + privateKeyFile
        + ", previousPrivateKeyFile="
        + previousPrivateKeyFile
        + ", keyDir="
        + keyDir
        + ", dataServiceUrl="
        + dataServiceUrl
        + ", sessionFilesDir="
        + sessionFilesDir
        + "]";
  }
}
