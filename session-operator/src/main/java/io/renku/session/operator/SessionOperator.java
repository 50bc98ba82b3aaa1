package io.renku.session.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.renku.core.health.HealthServer;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the session operator as a plain process: {@code java -cp ... SessionOperator}. The cluster
 * comes from the usual fabric8 sources (in-cluster service account, {@code KUBECONFIG} or {@code
 * ~/.kube/config}); settings come from the environment ({@link OperatorSettings#fromEnv}). Serves
 * {@code /health/liveness} and {@code /health/readiness} on {@code HEALTH_PORT} ({@link
 * HealthServer}; ready once the operator started, i.e. its informers synced).
 */
public final class SessionOperator {

  private static final Logger LOG = LoggerFactory.getLogger(SessionOperator.class);

  private SessionOperator() {}

  public static void main(String[] args) throws Exception {
    OperatorSettings settings = OperatorSettings.fromEnv(System.getenv());
    AtomicBoolean ready = new AtomicBoolean();
    Optional<HealthServer> health = HealthServer.startFromEnv(System.getenv(), ready::get);
    KubernetesClient client = new KubernetesClientBuilder().build();
    Operator operator = start(client, settings, Clock.systemUTC(), new MetricsIdleProbe(client));
    ready.set(true);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("stopping the session operator");
                  ready.set(false);
                  operator.stop();
                  client.close();
                  health.ifPresent(HealthServer::close);
                  stopped.countDown();
                }));
    stopped.await();
  }

  /**
   * Starts an operator that reconciles sessions with {@code client}; the caller stops it and closes
   * the client.
   *
   * <p>The primary resource and its status are patched without server-side apply (JSON patches
   * computed by fabric8), which the mock server in the tests also understands.
   */
  public static Operator start(
      KubernetesClient client, OperatorSettings settings, Clock clock, IdleProbe idleProbe) {
    return start(client, settings, new AmaltheaSessionReconciler(settings, clock, idleProbe));
  }

  /**
   * Like {@link #start(KubernetesClient, OperatorSettings, Clock, IdleProbe)}, with a given
   * reconciler.
   */
  public static Operator start(
      KubernetesClient client, OperatorSettings settings, AmaltheaSessionReconciler reconciler) {
    Operator operator =
        new Operator(
            o ->
                o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withUseSSAToPatchPrimaryResource(false)
                    .withSSABasedCreateUpdateMatchForDependentResources(false)
                    .withConcurrentReconciliationThreads(settings.reconcileThreads()));
    String namespace = settings.namespace() != null ? settings.namespace() : client.getNamespace();
    operator.register(
        reconciler,
        c -> {
          if (settings.clusterScoped() || namespace == null) {
            c.watchingAllNamespaces();
          } else {
            c.settingNamespace(namespace);
          }
        });
    operator.start();
    LOG.info(
        "session operator started, watching {}",
        settings.clusterScoped() || namespace == null ? "all namespaces" : namespace);
    return operator;
  }
}
