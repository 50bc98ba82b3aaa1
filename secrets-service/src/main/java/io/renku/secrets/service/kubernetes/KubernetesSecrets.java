package io.renku.secrets.service.kubernetes;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.renku.core.ErrorCode;
import io.renku.core.RenkuException;
import io.renku.secrets.service.delivery.SecretOpener;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * Writes a user's secrets into a Kubernetes Secret, under the keys of the key mapping or the
 * secrets' default file names; owned by the session's object, so that it goes with it. Created, or
 * replaced when it exists.
 *
 * <p>Unlike the original (which leaves the user's layer on and has an init container in the session
 * open it with the user's key), the values are opened fully: this platform's sessions mount the
 * Secret as it is (slot files) and hand it to csi-rclone (connector credentials), and neither has
 * the user's key. A Kubernetes Secret is the cluster's own boundary for credentials (decision
 * 0031).
 */
@Service
public class KubernetesSecrets {
  private static final Logger log = LoggerFactory.getLogger(KubernetesSecrets.class);

  private final SecretOpener opener;
  private final ObjectProvider<KubernetesClient> client;

  public KubernetesSecrets(SecretOpener opener, ObjectProvider<KubernetesClient> client) {
    this.opener = opener;
    this.client = client;
  }

  /** Creates or replaces the Secret; its name. */
  String createOrReplace(String userId, KubernetesSecretRequest r) {
    KubernetesClient k8s = client.getIfAvailable();
    if (k8s == null) {
      throw RenkuException.notFound("This secrets service writes no Kubernetes secrets.");
    }
    Map<String, SecretOpener.Opened> opened = opener.openFully(userId, r.secretIds());
    Map<String, String> data = new LinkedHashMap<>();
    for (SecretOpener.Opened o : opened.values()) {
      String encoded = Base64.getEncoder().encodeToString(o.value());
      Arrays.fill(o.value(), (byte) 0);
      List<String> keys =
          r.keyMapping() == null ? List.of(o.defaultFilename()) : r.keyMapping().get(o.id());
      keys.forEach(k -> data.put(k, encoded));
    }
    Secret secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName(r.name())
            .withNamespace(r.namespace())
            .withOwnerReferences(
                r.ownerReferences().stream()
                    .map(
                        o ->
                            new OwnerReferenceBuilder()
                                .withApiVersion(o.apiVersion())
                                .withKind(o.kind())
                                .withName(o.name())
                                .withUid(o.uid())
                                .withController(true)
                                .build())
                    .toList())
            .endMetadata()
            .withType("Opaque")
            .withData(data)
            .build();
    try {
      k8s.secrets()
          .inNamespace(r.namespace())
          .resource(secret)
          .createOr(NonDeletingOperation::update);
    } catch (KubernetesClientException e) {
      // the status code only: the client's message may quote the request, values included
      log.warn(
          "Kubernetes refused secret {}/{} ({} keys): HTTP {}",
          r.namespace(),
          r.name(),
          data.size(),
          e.getCode());
      throw new RenkuException(
          ErrorCode.BAD_GATEWAY, "An error occurred creating secrets.", "HTTP " + e.getCode());
    }
    log.info(
        "Secret {}/{} written for user {} ({} secrets)",
        r.namespace(),
        r.name(),
        userId,
        opened.size());
    return r.name();
  }
}
