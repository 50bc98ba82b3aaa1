package io.renku.session.operator;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.renku.core.Ulid;
import io.renku.session.crd.AmaltheaSession;
import io.renku.session.crd.AmaltheaSessionSpec;
import io.renku.session.crd.AmaltheaSessionStatus;
import io.renku.session.crd.ReconcileStrategy;
import io.renku.session.crd.SessionSecretKeyRef;
import io.renku.session.crd.SessionSecretRef;
import io.renku.session.crd.SessionState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles one {@code AmaltheaSession}: writes its children, computes its status from its pod,
 * and applies the culling decision. The decisions themselves are the pure functions {@link
 * DesiredChildren}, {@link SessionStateMachine}, {@link StatusTransitions} and {@link
 * CullingPolicy}; this class only reads the informer caches, calls them and writes.
 *
 * <p>Sessions are reconciled again after {@link OperatorSettings#requeueInterval()} at the latest
 * (idleness is sampled, not watched), or earlier at the next culling deadline.
 */
@ControllerConfiguration(
    name = "amaltheasession",
    finalizerName = AmaltheaSessionReconciler.FINALIZER)
public class AmaltheaSessionReconciler
    implements Reconciler<AmaltheaSession>, Cleaner<AmaltheaSession> {

  /** The original's finalizer name, so that sessions it created are cleaned up the same way. */
  public static final String FINALIZER = "amalthea.dev/secrets-finalizer";

  private static final Logger LOG = LoggerFactory.getLogger(AmaltheaSessionReconciler.class);
  private static final Duration MIN_DELAY = Duration.ofMillis(50);

  private final OperatorSettings settings;
  private final Clock clock;
  private final IdleProbe idleProbe;
  private final java.util.concurrent.atomic.LongAdder reconciles =
      new java.util.concurrent.atomic.LongAdder();

  public AmaltheaSessionReconciler(OperatorSettings settings, Clock clock, IdleProbe idleProbe) {
    this.settings = settings;
    this.clock = clock;
    this.idleProbe = idleProbe;
  }

  @Override
  public List<EventSource<?, AmaltheaSession>> prepareEventSources(
      EventSourceContext<AmaltheaSession> context) {
    List<EventSource<?, AmaltheaSession>> sources = new ArrayList<>();
    sources.add(owned(StatefulSet.class, context));
    sources.add(owned(PersistentVolumeClaim.class, context));
    sources.add(owned(Service.class, context));
    sources.add(owned(Ingress.class, context));
    sources.add(owned(Secret.class, context));
    // Pods are owned by the StatefulSet, not the session: map them back by the instance label.
    sources.add(
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Pod.class, AmaltheaSession.class)
                .withLabelSelector(DesiredChildren.CHILD_SELECTOR)
                .withSecondaryToPrimaryMapper(
                    pod -> {
                      var labels = pod.getMetadata().getLabels();
                      String name =
                          labels == null ? null : labels.get(DesiredChildren.LABEL_INSTANCE);
                      return name == null
                          ? Set.of()
                          : Set.of(new ResourceID(name, pod.getMetadata().getNamespace()));
                    })
                .build(),
            context));
    // Events of the sessions' pods and StatefulSets (scheduling failures, quota refusals), held in
    // an informer as the original holds them in its cache; an event also triggers a reconcile.
    sources.add(
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Event.class, AmaltheaSession.class)
                .withSecondaryToPrimaryMapper(
                    event -> {
                      var about = event.getInvolvedObject();
                      String session =
                          about == null ? null : sessionOf(about.getKind(), about.getName());
                      return session == null
                          ? Set.of()
                          : Set.of(new ResourceID(session, event.getMetadata().getNamespace()));
                    })
                .build(),
            context));
    return sources;
  }

  /** The session an event is about: its StatefulSet {@code <name>} or its pod {@code <name>-0}. */
  static String sessionOf(String kind, String name) {
    if (name == null) {
      return null;
    }
    if ("StatefulSet".equals(kind)) {
      return name;
    }
    if ("Pod".equals(kind) && name.endsWith("-0")) {
      return name.substring(0, name.length() - 2);
    }
    return null;
  }

  private static <R extends io.fabric8.kubernetes.api.model.HasMetadata>
      EventSource<R, AmaltheaSession> owned(
          Class<R> type, EventSourceContext<AmaltheaSession> ctx) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(type, AmaltheaSession.class)
            .withLabelSelector(DesiredChildren.CHILD_SELECTOR)
            .build(),
        ctx);
  }

  @Override
  public UpdateControl<AmaltheaSession> reconcile(
      AmaltheaSession session, Context<AmaltheaSession> context) {
    reconciles.increment();
    Instant now = clock.instant();
    String name = session.getMetadata().getName();
    AmaltheaSessionSpec spec = session.getSpec();
    AmaltheaSessionStatus previous =
        session.getStatus() == null ? AmaltheaSessionStatus.EMPTY : session.getStatus();

    StatefulSet sts = named(context, StatefulSet.class, name);
    Ingress ingress = named(context, Ingress.class, name);
    PersistentVolumeClaim pvc = named(context, PersistentVolumeClaim.class, name);
    Service service = named(context, Service.class, name);
    List<PersistentVolumeClaim> dataSourceClaims = new ArrayList<>();
    boolean hibernated = spec != null && spec.hibernated();
    // The run id goes into the pod's annotations, so it is settled before the children.
    String runId =
        hibernated
            ? null
            : previous.runID() == null || previous.runID().isEmpty()
                ? Ulid.at(now)
                : previous.runID();
    Integer replicas = replicas(sts);
    Optional<String> unsupported = DesiredChildren.unsupported(spec, settings);
    if (unsupported.isEmpty()) {
      var desired = DesiredChildren.of(session, settings, runId);
      boolean fullUpdate = fullUpdateAllowed(spec.reconcileStrategy(), previous.stateOrDefault());
      var writer = new ChildWriter(context.getClient());
      writer.pvc(pvc, desired.pvc(), fullUpdate);
      for (var claim : desired.dataSourceClaims()) {
        var existing = named(context, PersistentVolumeClaim.class, claim.getMetadata().getName());
        writer.pvc(existing, claim, fullUpdate);
        if (existing != null) {
          dataSourceClaims.add(existing);
        }
      }
      writer.secret(
          named(context, Secret.class, DesiredChildren.internalSecretName(name)),
          desired.secret(),
          fullUpdate,
          desired.tunnelSecret());
      writer.statefulSet(sts, desired.statefulSet(), fullUpdate);
      // Replicas are written whatever the strategy: what the StatefulSet now asks for.
      replicas = desired.statefulSet().getSpec().getReplicas();
      writer.service(service, desired.service(), fullUpdate);
      writer.ingress(ingress, desired.ingress().orElse(null), fullUpdate);
      if (desired.ingress().isEmpty()) {
        ingress = null;
      }
    }

    Pod pod = named(context, Pod.class, DesiredChildren.podName(name));
    var evaluation =
        SessionStateMachine.evaluate(
            new SessionStateMachine.Observation(
                session.isMarkedForDeletion(),
                hibernated,
                sts,
                replicas,
                pod,
                unsupported.orElse(null),
                ChildFailures.of(pvc, dataSourceClaims, service, ingress).orElse(null),
                () -> events(context, "Pod", DesiredChildren.podName(name)),
                () -> events(context, "StatefulSet", name),
                StatusTransitions.parse(previous.failedSchedulingSince()),
                now,
                settings.failedSchedulingTimeout()));

    Optional<Boolean> idle = Optional.empty();
    if (evaluation.state() == SessionState.RUNNING
        && evaluation.sessionStartedAt() != null
        && !now.isBefore(evaluation.sessionStartedAt().plus(settings.idleGracePeriod()))) {
      idle = probeIdle(session, pod);
    }

    AmaltheaSessionStatus status =
        StatusTransitions.next(
            previous,
            new StatusTransitions.Input(
                evaluation,
                hibernated,
                idle,
                spec == null || spec.session() == null
                    ? "None"
                    : DesiredChildren.url(spec, settings),
                spec != null && spec.ingress() != null,
                ingress != null,
                now,
                () -> runId));

    Instant created = StatusTransitions.parse(session.getMetadata().getCreationTimestamp());
    var decision =
        CullingPolicy.decide(
            now,
            CullingPolicy.Limits.from(spec == null ? null : spec.culling()),
            created == null ? now : created,
            hibernated,
            status);
    status = StatusTransitions.withWillHibernateAt(status, decision.willHibernateAt());

    switch (decision.action()) {
      case DELETE -> {
        LOG.info(
            "deleting session {}/{}: {}",
            session.getMetadata().getNamespace(),
            name,
            decision.reason());
        context.getClient().resource(session).delete();
        return UpdateControl.noUpdate();
      }
      case HIBERNATE -> {
        LOG.info(
            "hibernating session {}/{}: {}",
            session.getMetadata().getNamespace(),
            name,
            decision.reason());
        context
            .getClient()
            .resources(AmaltheaSession.class)
            .inNamespace(session.getMetadata().getNamespace())
            .withName(name)
            .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"hibernated\":true}}");
      }
      case NONE -> {}
    }

    Duration delay = settings.requeueInterval();
    if (decision.nextCheck() != null) {
      Duration untilCheck = Duration.between(now, decision.nextCheck()).plusMillis(10);
      if (untilCheck.compareTo(delay) < 0) {
        delay = untilCheck.compareTo(MIN_DELAY) < 0 ? MIN_DELAY : untilCheck;
      }
    }
    if (status.equals(previous)) {
      return UpdateControl.<AmaltheaSession>noUpdate().rescheduleAfter(delay);
    }
    session.setStatus(status);
    return UpdateControl.patchStatus(session).rescheduleAfter(delay);
  }

  private static <R extends HasMetadata> R named(
      Context<AmaltheaSession> context, Class<R> type, String name) {
    return context.getSecondaryResources(type).stream()
        .filter(r -> name.equals(r.getMetadata().getName()))
        .findFirst()
        .orElse(null);
  }

  private static Integer replicas(StatefulSet sts) {
    return sts == null || sts.getSpec() == null ? null : sts.getSpec().getReplicas();
  }

  /** The events about one object of the session, from the events informer. */
  private static List<Event> events(Context<AmaltheaSession> context, String kind, String name) {
    return context.getSecondaryResources(Event.class).stream()
        .filter(
            e ->
                e.getInvolvedObject() != null
                    && name.equals(e.getInvolvedObject().getName())
                    && kind.equals(e.getInvolvedObject().getKind()))
        .toList();
  }

  /** How many times {@link #reconcile} ran. */
  public long reconcileCount() {
    return reconciles.sum();
  }

  /** Deletes the secrets the session adopted; the children go with the owner references. */
  @Override
  public DeleteControl cleanup(AmaltheaSession session, Context<AmaltheaSession> context) {
    for (String secret : adoptedSecrets(session.getSpec())) {
      try {
        context
            .getClient()
            .secrets()
            .inNamespace(session.getMetadata().getNamespace())
            .withName(secret)
            .delete();
      } catch (KubernetesClientException e) {
        LOG.warn("could not delete adopted secret {}: {}", secret, e.getMessage());
        throw e;
      }
    }
    return DeleteControl.defaultDelete();
  }

  private Optional<Boolean> probeIdle(AmaltheaSession session, Pod pod) {
    try {
      return idleProbe.isIdle(session, pod);
    } catch (RuntimeException e) {
      LOG.warn("idle probe failed for {}: {}", session.getMetadata().getName(), e.toString());
      return Optional.empty();
    }
  }

  /**
   * {@code always} rewrites children whose desired state changed; {@code whenFailedOrHibernated}
   * only while Failed or Hibernated (so new sidecars never restart a running session); {@code
   * never} not at all. Replicas and scheduling fields are patched in all cases.
   */
  static boolean fullUpdateAllowed(ReconcileStrategy strategy, SessionState state) {
    return switch (strategy == null ? ReconcileStrategy.ALWAYS : strategy) {
      case ALWAYS -> true;
      case NEVER -> false;
      case WHEN_FAILED_OR_HIBERNATED ->
          state == SessionState.FAILED || state == SessionState.HIBERNATED;
    };
  }

  /** Names of the secrets with {@code adopt: true}, deleted with the session. */
  static Set<String> adoptedSecrets(AmaltheaSessionSpec spec) {
    Set<String> names = new LinkedHashSet<>();
    if (spec == null) {
      return names;
    }
    if (spec.authentication() != null) {
      addIfAdopted(names, spec.authentication().secretRef());
    }
    if (spec.ingress() != null) {
      addIfAdopted(names, spec.ingress().tlsSecret());
    }
    if (spec.session() != null) {
      addIfAdopted(names, spec.session().remoteSecretRef());
    }
    if (spec.imagePullSecrets() != null) {
      spec.imagePullSecrets().forEach(r -> addIfAdopted(names, r));
    }
    if (spec.dataSources() != null) {
      spec.dataSources().forEach(d -> addIfAdopted(names, d.secretRef()));
    }
    if (spec.codeRepositories() != null) {
      for (var repo : spec.codeRepositories()) {
        addIfAdopted(names, repo.cloningConfigSecretRef());
        addIfAdopted(names, repo.configSecretRef());
      }
    }
    return names;
  }

  private static void addIfAdopted(Set<String> names, SessionSecretRef ref) {
    if (ref != null && ref.adopt() && ref.name() != null && !ref.name().isEmpty()) {
      names.add(ref.name());
    }
  }

  private static void addIfAdopted(Set<String> names, SessionSecretKeyRef ref) {
    if (ref != null && ref.adopt() && ref.name() != null && !ref.name().isEmpty()) {
      names.add(ref.name());
    }
  }
}
