package io.renku.data.crc;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A remote cluster resource pools may run their sessions on, and how its sessions are reached.
 *
 * @param id a ULID
 * @param configName the kubeconfig file ({@code <name>.yaml}) that reaches the cluster
 * @param sessionProtocol {@code http} or {@code https}
 * @param sessionIngressAnnotations annotations of the sessions' ingresses
 * @param sessionTlsSecretName the TLS secret of the ingresses, or null
 * @param useDefaultClusterTlsCert whether the ingresses use the cluster's default certificate
 */
public record Cluster(
    String id,
    String name,
    String configName,
    String sessionProtocol,
    String sessionHost,
    int sessionPort,
    String sessionPath,
    String sessionIngressClassName,
    Map<String, Object> sessionIngressAnnotations,
    String sessionTlsSecretName,
    String sessionStorageClass,
    String serviceAccountName,
    boolean useDefaultClusterTlsCert) {

  public Cluster {
    sessionIngressAnnotations =
        sessionIngressAnnotations == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(sessionIngressAnnotations));
  }
}
