package io.renku.session.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpec;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes desired children. A child is created when absent and edited (a JSON patch of what differs,
 * so the status and fields set by others survive) when its {@link
 * DesiredChildren#SPEC_HASH_ANNOTATION} differs from the desired one; an unchanged child is not
 * written at all, so reconciles do not feed themselves with watch events.
 *
 * <p>No server-side apply: the fabric8 mock server used by the tests does not implement it.
 */
final class ChildWriter {

  private static final Logger LOG = LoggerFactory.getLogger(ChildWriter.class);

  private static final SecureRandom RANDOM = new SecureRandom();

  private final KubernetesClient client;

  ChildWriter(KubernetesClient client) {
    this.client = client;
  }

  /**
   * Creates or updates the StatefulSet. With {@code fullUpdate} false (reconcile strategies {@code
   * never} and {@code whenFailedOrHibernated} on a live session) only the fields the original
   * always patches are touched: replicas, tolerations, affinity, node selector and priority class.
   *
   * <p>A full update replaces the pod template, replicas, labels and annotations, never the
   * immutable fields ({@code selector}, {@code serviceName}, {@code podManagementPolicy}, {@code
   * volumeClaimTemplates}): a StatefulSet created by the Go operator, or by an earlier version of
   * this one, keeps them as they are, and the API server accepts the update.
   */
  void statefulSet(StatefulSet existing, StatefulSet desired, boolean fullUpdate) {
    if (existing == null) {
      create(desired);
      return;
    }
    StatefulSetSpec want = desired.getSpec();
    if (fullUpdate) {
      if (!sameHash(existing, desired)) {
        edit(
            existing,
            s -> {
              copyMetadata(desired, s);
              s.getSpec().setReplicas(want.getReplicas());
              s.getSpec().setTemplate(want.getTemplate());
              return s;
            });
      }
      return;
    }
    var have = existing.getSpec();
    var wantPod = want.getTemplate().getSpec();
    var havePod = have.getTemplate().getSpec();
    if (!Objects.equals(have.getReplicas(), want.getReplicas())
        || !Objects.equals(havePod.getTolerations(), wantPod.getTolerations())
        || !Objects.equals(havePod.getAffinity(), wantPod.getAffinity())
        || !Objects.equals(havePod.getNodeSelector(), wantPod.getNodeSelector())
        || !Objects.equals(havePod.getPriorityClassName(), wantPod.getPriorityClassName())) {
      edit(
          existing,
          s -> {
            s.getSpec().setReplicas(want.getReplicas());
            var pod = s.getSpec().getTemplate().getSpec();
            pod.setTolerations(wantPod.getTolerations());
            pod.setAffinity(wantPod.getAffinity());
            pod.setNodeSelector(wantPod.getNodeSelector());
            pod.setPriorityClassName(wantPod.getPriorityClassName());
            return s;
          });
    }
  }

  /**
   * A claim's spec is immutable after creation except its size (and a class that was not set); a
   * full update changes those, the labels and the annotations.
   */
  void pvc(PersistentVolumeClaim existing, PersistentVolumeClaim desired, boolean fullUpdate) {
    if (existing == null) {
      create(desired);
      return;
    }
    if (!fullUpdate || sameHash(existing, desired)) {
      return;
    }
    edit(
        existing,
        p -> {
          copyMetadata(desired, p);
          p.getSpec().getResources().setRequests(desired.getSpec().getResources().getRequests());
          if (desired.getSpec().getStorageClassName() != null) {
            // Without one the API server has filled in the default class: keep it.
            p.getSpec().setStorageClassName(desired.getSpec().getStorageClassName());
          }
          return p;
        });
  }

  void service(Service existing, Service desired, boolean fullUpdate) {
    if (existing == null) {
      create(desired);
    } else if (fullUpdate && !sameHash(existing, desired)) {
      edit(
          existing,
          s -> {
            copyMetadata(desired, s);
            s.getSpec().setSelector(desired.getSpec().getSelector());
            s.getSpec().setPorts(desired.getSpec().getPorts());
            return s;
          });
    }
  }

  void ingress(Ingress existing, Ingress desired, boolean fullUpdate) {
    if (desired == null) {
      if (existing != null) {
        delete(existing);
      }
    } else if (existing == null) {
      create(desired);
    } else if (fullUpdate && !sameHash(existing, desired)) {
      edit(
          existing,
          i -> {
            copyMetadata(desired, i);
            i.setSpec(desired.getSpec());
            return i;
          });
    }
  }

  /**
   * The internal secret. With {@code tunnelSecret} it holds a random {@value
   * PodTemplate#TUNNEL_SECRET_KEY}, made when the secret is created and kept afterwards (the remote
   * session and the tunnel share it).
   */
  void secret(Secret existing, Secret desired, boolean fullUpdate, boolean tunnelSecret) {
    if (existing == null) {
      Secret created = client.getKubernetesSerialization().clone(desired);
      if (tunnelSecret) {
        created.setData(Map.of(PodTemplate.TUNNEL_SECRET_KEY, randomTunnelSecret()));
      }
      create(created);
      return;
    }
    boolean missingTunnel =
        tunnelSecret
            && (existing.getData() == null
                || !existing.getData().containsKey(PodTemplate.TUNNEL_SECRET_KEY));
    if (missingTunnel || (fullUpdate && !sameHash(existing, desired))) {
      edit(
          existing,
          s -> {
            copyMetadata(desired, s);
            Map<String, String> data = new TreeMap<>();
            if (tunnelSecret) {
              String kept =
                  s.getData() == null ? null : s.getData().get(PodTemplate.TUNNEL_SECRET_KEY);
              data.put(PodTemplate.TUNNEL_SECRET_KEY, kept == null ? randomTunnelSecret() : kept);
            }
            s.setData(data);
            return s;
          });
    }
  }

  /** 16 random bytes, base64url without padding, as the original makes it; base64 again as data. */
  private static String randomTunnelSecret() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    String value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }

  private void create(HasMetadata desired) {
    try {
      client.resource(desired).createOr(NonDeletingOperation::update);
      LOG.debug(
          "created {} {}/{}",
          desired.getKind(),
          desired.getMetadata().getNamespace(),
          desired.getMetadata().getName());
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      // Created meanwhile by an earlier reconcile whose event has not reached the cache yet.
    }
  }

  private <T extends HasMetadata> void edit(T existing, UnaryOperator<T> change) {
    // edit() hands its function the object it was given: never let it change the informer's copy.
    client.resource(client.getKubernetesSerialization().clone(existing)).edit(change);
  }

  private void delete(HasMetadata existing) {
    client.resource(existing).delete();
  }

  private static boolean sameHash(HasMetadata existing, HasMetadata desired) {
    return Objects.equals(hash(existing), hash(desired));
  }

  private static String hash(HasMetadata r) {
    var annotations = r.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(DesiredChildren.SPEC_HASH_ANNOTATION);
  }

  /**
   * The desired labels and annotations, plus the existing ones of the well-known Kubernetes domains
   * ({@code kubernetes.io}, {@code k8s.io} and their subdomains), as the original's {@code
   * cleanWellKnown}: anything else the operator no longer wants (such as an old run id) goes.
   */
  private static void copyMetadata(HasMetadata desired, HasMetadata target) {
    var meta = target.getMetadata();
    meta.setLabels(cleanWellKnown(meta.getLabels(), desired.getMetadata().getLabels()));
    meta.setAnnotations(
        cleanWellKnown(meta.getAnnotations(), desired.getMetadata().getAnnotations()));
    meta.setOwnerReferences(desired.getMetadata().getOwnerReferences());
  }

  static Map<String, String> cleanWellKnown(
      Map<String, String> current, Map<String, String> desired) {
    Map<String, String> clean = new TreeMap<>();
    if (desired != null) {
      clean.putAll(desired);
    }
    if (current != null) {
      current.forEach(
          (key, value) -> {
            int slash = key.indexOf('/');
            String domain = slash < 0 ? key : key.substring(0, slash);
            if (domain.equals("kubernetes.io")
                || domain.equals("k8s.io")
                || domain.endsWith(".kubernetes.io")
                || domain.endsWith(".k8s.io")) {
              clean.put(key, value);
            }
          });
    }
    return clean;
  }
}
