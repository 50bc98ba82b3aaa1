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
import java.util.Map;
import java.util.Objects;
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

  private final KubernetesClient client;

  ChildWriter(KubernetesClient client) {
    this.client = client;
  }

  /**
   * Creates or updates the StatefulSet. With {@code fullUpdate} false (reconcile strategies {@code
   * never} and {@code whenFailedOrHibernated} on a live session) only the fields the original
   * always patches are touched: replicas, tolerations, affinity, node selector and priority class.
   */
  void statefulSet(StatefulSet existing, StatefulSet desired, boolean fullUpdate) {
    if (existing == null) {
      create(desired);
      return;
    }
    if (fullUpdate) {
      if (!sameHash(existing, desired)) {
        edit(
            existing,
            s -> {
              copyMetadata(desired, s);
              s.setSpec(desired.getSpec());
              return s;
            });
      }
      return;
    }
    StatefulSetSpec want = desired.getSpec();
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

  /** PVCs are only resized after creation (their spec is otherwise immutable). */
  void pvc(PersistentVolumeClaim existing, PersistentVolumeClaim desired) {
    if (existing == null) {
      create(desired);
      return;
    }
    var want = DesiredChildren.storageRequest(desired);
    var haveRequests =
        existing.getSpec().getResources() == null
            ? null
            : existing.getSpec().getResources().getRequests();
    if (haveRequests == null || !Objects.equals(haveRequests.get("storage"), want)) {
      edit(
          existing,
          p -> {
            p.getSpec().getResources().setRequests(Map.of("storage", want));
            return p;
          });
    }
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

  void secret(Secret existing, Secret desired, boolean fullUpdate) {
    if (desired == null) {
      if (existing != null) {
        delete(existing);
      }
    } else if (existing == null) {
      create(desired);
    } else if (fullUpdate && !sameHash(existing, desired)) {
      edit(
          existing,
          s -> {
            copyMetadata(desired, s);
            s.setType(desired.getType());
            s.setData(desired.getData());
            return s;
          });
    }
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
   * Desired labels and annotations over the existing ones (so that labels added by others, such as
   * the well-known kubernetes.io ones, stay), and the owner references.
   */
  private static void copyMetadata(HasMetadata desired, HasMetadata target) {
    var meta = target.getMetadata();
    var labels = new java.util.TreeMap<String, String>();
    if (meta.getLabels() != null) {
      labels.putAll(meta.getLabels());
    }
    labels.putAll(desired.getMetadata().getLabels());
    meta.setLabels(labels);
    var annotations = new java.util.TreeMap<String, String>();
    if (meta.getAnnotations() != null) {
      annotations.putAll(meta.getAnnotations());
    }
    annotations.putAll(desired.getMetadata().getAnnotations());
    meta.setAnnotations(annotations);
    meta.setOwnerReferences(desired.getMetadata().getOwnerReferences());
  }
}
