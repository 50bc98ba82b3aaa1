package io.renku.data.crc;

import io.renku.core.ApiUser;
import io.renku.core.RenkuException;
import io.renku.core.Ulid;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Remote clusters. As in the original, only administrators see or change them (their settings name
 * kubeconfig files and TLS secrets of the platform).
 */
@Service
public class ClusterService {
  private static final Logger log = LoggerFactory.getLogger(ClusterService.class);

  private final ClusterRepository clusters;

  public ClusterService(ClusterRepository clusters) {
    this.clusters = clusters;
  }

  /**
   * A cluster as a request gives it; null fields keep their values (PATCH). For the TLS secret and
   * the service account an empty string removes the value.
   */
  public record ClusterDraft(
      String name,
      String configName,
      String sessionProtocol,
      String sessionHost,
      Integer sessionPort,
      String sessionPath,
      String sessionIngressClassName,
      Map<String, Object> sessionIngressAnnotations,
      String sessionTlsSecretName,
      String sessionStorageClass,
      String serviceAccountName,
      Boolean useDefaultClusterTlsCert) {}

  public List<Cluster> list(ApiUser caller) {
    caller.requireAdmin();
    return clusters.list();
  }

  public Cluster get(ApiUser caller, String id) {
    caller.requireAdmin();
    return clusters.get(id).orElseThrow(() -> notFound(id));
  }

  /** Whether the cluster exists (for pools naming it; no permission check). */
  boolean exists(String id) {
    return clusters.get(id).isPresent();
  }

  @Transactional
  public Cluster create(ApiUser caller, ClusterDraft d) {
    caller.requireAdmin();
    Cluster c = whole(Ulid.next(), d);
    requireUnique(null, c);
    try {
      clusters.insert(c);
    } catch (DuplicateKeyException e) {
      throw taken();
    }
    log.info("User {} created cluster {} ({})", caller.id(), c.name(), c.id());
    return c;
  }

  /** {@code replace}: PUT (every field from the draft), else PATCH. */
  @Transactional
  public Cluster update(ApiUser caller, String id, ClusterDraft d, boolean replace) {
    caller.requireAdmin();
    Cluster old = clusters.lock(id).orElseThrow(() -> notFound(id));
    Cluster c = replace ? whole(id, d) : patched(old, d);
    requireUnique(id, c);
    try {
      clusters.update(c);
    } catch (DuplicateKeyException e) {
      throw taken();
    }
    log.info("User {} changed cluster {}", caller.id(), id);
    return c;
  }

  /** Deleting a cluster that is gone is fine; its pools stay, on no remote cluster. */
  @Transactional
  public void delete(ApiUser caller, String id) {
    caller.requireAdmin();
    clusters.delete(id);
    log.info("User {} deleted cluster {}", caller.id(), id);
  }

  private static Cluster whole(String id, ClusterDraft d) {
    boolean defaultTls = Boolean.TRUE.equals(d.useDefaultClusterTlsCert());
    String secret = blankToNull(d.sessionTlsSecretName());
    Cluster c =
        new Cluster(
            id,
            required("name", d.name()),
            required("config_name", d.configName()),
            required("session_protocol", d.sessionProtocol()),
            required("session_host", d.sessionHost()),
            required("session_port", d.sessionPort()),
            required("session_path", d.sessionPath()),
            d.sessionIngressClassName(),
            required("session_ingress_annotations", d.sessionIngressAnnotations()),
            secret,
            d.sessionStorageClass(),
            blankToNull(d.serviceAccountName()),
            defaultTls);
    // As the original: an https ingress needs exactly one source of its certificate.
    if ("https".equals(c.sessionProtocol()) && secret == null && !defaultTls) {
      throw RenkuException.validation(
          "session_tls_secret_name",
          "with https, set the TLS secret name or session_ingress_use_default_cluster_tls_cert");
    }
    return checked(c);
  }

  private static Cluster patched(Cluster old, ClusterDraft d) {
    if (Boolean.TRUE.equals(d.useDefaultClusterTlsCert())
        && d.sessionTlsSecretName() != null
        && !d.sessionTlsSecretName().isEmpty()) {
      throw bothTls();
    }
    return checked(
        new Cluster(
            old.id(),
            or(d.name(), old.name()),
            or(d.configName(), old.configName()),
            or(d.sessionProtocol(), old.sessionProtocol()),
            or(d.sessionHost(), old.sessionHost()),
            or(d.sessionPort(), old.sessionPort()),
            or(d.sessionPath(), old.sessionPath()),
            or(d.sessionIngressClassName(), old.sessionIngressClassName()),
            or(d.sessionIngressAnnotations(), old.sessionIngressAnnotations()),
            d.sessionTlsSecretName() == null
                ? old.sessionTlsSecretName()
                : blankToNull(d.sessionTlsSecretName()),
            or(d.sessionStorageClass(), old.sessionStorageClass()),
            d.serviceAccountName() == null
                ? old.serviceAccountName()
                : blankToNull(d.serviceAccountName()),
            or(d.useDefaultClusterTlsCert(), old.useDefaultClusterTlsCert())));
  }

  /** The checks every resulting cluster passes. */
  private static Cluster checked(Cluster c) {
    if (c.sessionTlsSecretName() != null && c.useDefaultClusterTlsCert()) {
      throw bothTls();
    }
    if (c.name().strip().length() < 5 || c.name().length() > 40) {
      throw RenkuException.validation("name", "must be 5 to 40 characters");
    }
    for (var e : c.sessionIngressAnnotations().entrySet()) {
      if (!(e.getValue() instanceof String)) {
        throw RenkuException.validation(
            "session_ingress_annotations", "the value of " + e.getKey() + " must be a string");
      }
    }
    return c;
  }

  private void requireUnique(String id, Cluster c) {
    clusters
        .clash(id, c.name(), c.configName())
        .ifPresent(
            field -> {
              throw RenkuException.conflict(
                  "Another cluster has the same " + field.replace('_', ' ') + ".");
            });
  }

  private static RenkuException bothTls() {
    return RenkuException.validation(
        "session_ingress_use_default_cluster_tls_cert",
        "set either the TLS secret name or the default cluster certificate, not both");
  }

  private static RenkuException taken() {
    return RenkuException.conflict("Another cluster has the same name or configuration name.");
  }

  static RenkuException notFound(String id) {
    return RenkuException.notFound("Cluster " + id + " does not exist.");
  }

  private static <T> T required(String field, T value) {
    if (value == null) {
      throw RenkuException.validation(field, "is required");
    }
    return value;
  }

  private static <T> T or(T given, T current) {
    return given != null ? given : current;
  }

  private static String blankToNull(String v) {
    return v == null || v.isEmpty() ? null : v;
  }
}
