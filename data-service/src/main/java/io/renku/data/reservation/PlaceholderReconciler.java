package io.renku.data.reservation;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.renku.core.ApiUser;
import io.renku.core.RenkuException;
import io.renku.data.config.SessionProperties;
import io.renku.data.crc.ResourceClass;
import io.renku.data.crc.ResourcePoolService;
import io.renku.data.session.SessionService;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * With the kubernetes session runtime, brings the placeholder Deployments in line with the
 * reservations every {@code renku.reservations.reconcile-interval} (1 minute): during an active
 * window {@code placeholder_count} placeholders, fewer by the sessions running on the class unless
 * {@code scale_down_behavior} is {@code none}; none outside windows or for deleted reservations.
 */
@Component
@ConditionalOnProperty(name = "renku.sessions.runtime", havingValue = "kubernetes")
public class PlaceholderReconciler implements DisposableBean {
  private static final Logger log = LoggerFactory.getLogger(PlaceholderReconciler.class);

  /** The reconciler acts as the platform, not as a user. */
  private static final ApiUser PLATFORM =
      new ApiUser("renku-capacity-reservations", true, true, null, null, null, null);

  private final ReservationRepository reservations;
  private final ResourcePoolService pools;
  private final SessionService sessions;
  private final KubernetesClient client;
  private final PlaceholderDeployments placeholders;

  public PlaceholderReconciler(
      ReservationRepository reservations,
      ResourcePoolService pools,
      SessionService sessions,
      SessionProperties properties,
      @Value("${renku.reservations.placeholder-priority-class:}") String priorityClass,
      @Value("${renku.reservations.placeholder-image:}") String image) {
    this.reservations = reservations;
    this.pools = pools;
    this.sessions = sessions;
    SessionProperties.Kubernetes k = properties.kubernetes();
    Config config =
        k.masterUrl().isBlank()
            ? Config.autoConfigure(null)
            : new ConfigBuilder().withMasterUrl(k.masterUrl()).withTrustCerts(true).build();
    this.client = new KubernetesClientBuilder().withConfig(config).build();
    this.placeholders = new PlaceholderDeployments(client, k.namespace(), priorityClass, image);
  }

  @Scheduled(
      fixedDelayString = "${renku.reservations.reconcile-interval:1m}",
      initialDelayString = "${renku.reservations.reconcile-interval:1m}")
  public void scheduled() {
    try {
      reconcile(OffsetDateTime.now(ZoneOffset.UTC));
    } catch (RuntimeException e) {
      log.warn("Reconciling capacity placeholders failed; the next pass tries again", e);
    }
  }

  /** One pass at {@code now}; returns the ids of the reservations that have placeholders. */
  public synchronized Set<String> reconcile(OffsetDateTime now) {
    Map<Integer, Long> running =
        sessions.allWantingToRun().stream()
            .collect(
                Collectors.groupingBy(v -> v.session().resourceClassId(), Collectors.counting()));
    Set<String> active = new HashSet<>();
    for (CapacityReservation r : reservations.all()) {
      if (!ReservationSchedule.activeAt(r, now)) {
        continue;
      }
      Optional<ResourceClass> cls = classOf(r);
      if (cls.isEmpty()) {
        continue;
      }
      long taken =
          "none".equals(r.scaleDownBehavior()) ? 0 : running.getOrDefault(cls.get().id(), 0L);
      int replicas = (int) Math.max(0, r.placeholderCount() - taken);
      placeholders.apply(r, cls.get(), replicas);
      active.add(r.id());
    }
    placeholders.retainOnly(active);
    return active;
  }

  /** The reservation's class, read as the platform (an admin sees every pool). */
  private Optional<ResourceClass> classOf(CapacityReservation r) {
    try {
      return Optional.of(pools.getClass(PLATFORM, r.resourceClassId()));
    } catch (RenkuException gone) {
      return Optional.empty(); // deleted since; its reservations go with it
    }
  }

  @Override
  public void destroy() {
    client.close();
  }
}
