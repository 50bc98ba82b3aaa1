package io.renku.session.operator;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.javaoperatorsdk.operator.Operator;
import io.renku.session.crd.AmaltheaSession;
import io.renku.session.crd.SessionState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.function.Predicate;
import java.util.logging.Level;

/**
 * How fast the operator brings new sessions up against the in-process fabric8 mock server (CRUD
 * mode, plain HTTP): creates N sessions at once and reports how long until every one has its five
 * children and a status, then (playing the kubelet) how long until every one is Running. A figure
 * for comparing changes, not a cluster benchmark: the mock is a single in-memory store sharing the
 * machine with the operator.
 *
 * <pre>
 * ./mvnw -o -q -pl session-operator test-compile exec:java -Dspotless.check.skip=true \
 *   -Dexec.mainClass=io.renku.session.operator.ReconcileThroughput -Dexec.classpathScope=test \
 *   -Dexec.args="500 50"
 * </pre>
 *
 * Arguments: the number of sessions (default 200) and of reconcile threads (default 50).
 */
public final class ReconcileThroughput {

  private static final String NS = "bench";

  private ReconcileThroughput() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    java.util.logging.Logger.getLogger("io.fabric8.mockwebserver").setLevel(Level.WARNING);
    java.util.logging.Logger.getLogger("").setLevel(Level.WARNING);
    int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 50;

    var responses =
        new HashMap<
            io.fabric8.mockwebserver.ServerRequest,
            java.util.Queue<io.fabric8.mockwebserver.ServerResponse>>();
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(Serialization.jsonMapper()),
            new MockWebServer(),
            responses,
            new KubernetesMixedDispatcher(responses),
            false);
    server.init();
    try (KubernetesClient client = server.createClient()) {
      SessionOperatorTest.installCrd(client);
      OperatorSettings settings =
          OperatorSettings.defaults(NS)
              .withReconcileThreads(threads)
              .withRequeueInterval(Duration.ofSeconds(30));
      var reconciler =
          new AmaltheaSessionReconciler(
              settings, Clock.systemUTC(), (session, pod) -> java.util.Optional.empty());
      Operator operator = SessionOperator.start(client, settings, reconciler);
      try {
        long began = System.nanoTime();
        run(client, sessions, threads);
        System.out.printf(
            "  reconciles:                   %d (%.1f per session, %.0f per second)%n",
            reconciler.reconcileCount(),
            reconciler.reconcileCount() / (double) sessions,
            reconciler.reconcileCount() / seconds(began));
        System.out.printf(
            "  requests to the mock server:  %d (%.1f per session, including the bench's own)%n",
            server.getRequestCount(), server.getRequestCount() / (double) sessions);
      } finally {
        operator.stop();
      }
    } finally {
      server.destroy();
    }
  }

  private static void run(KubernetesClient client, int sessions, int threads)
      throws InterruptedException {
    long start = System.nanoTime();
    for (int i = 0; i < sessions; i++) {
      String name = "s" + i;
      AmaltheaSession s = new AmaltheaSession();
      s.getMetadata().setName(name);
      s.getMetadata().setNamespace(NS);
      s.setSpec(Sessions.spec(name).build());
      client.resource(s).create();
    }
    double created = seconds(start);
    awaitAll(client, sessions, st -> st.state() != null && st.url() != null, true);
    double ready = seconds(start);

    // Play the kubelet and the StatefulSet controller: every pod Ready.
    long runStart = System.nanoTime();
    for (int i = 0; i < sessions; i++) {
      String name = "s" + i;
      var pod = Pods.running(name, Instant.now());
      pod.getMetadata().setNamespace(NS);
      var podStatus = pod.getStatus();
      client.resource(pod).createOr(NonDeletingOperation::update);
      client
          .pods()
          .inNamespace(NS)
          .withName(pod.getMetadata().getName())
          .editStatus(
              p -> {
                p.setStatus(podStatus);
                return p;
              });
      client
          .apps()
          .statefulSets()
          .inNamespace(NS)
          .withName(name)
          .editStatus(
              st -> {
                st.setStatus(
                    new StatefulSetStatusBuilder().withReplicas(1).withReadyReplicas(1).build());
                return st;
              });
    }
    awaitAll(client, sessions, st -> st.state() == SessionState.RUNNING, false);
    double running = seconds(runStart);

    System.out.printf(
        "sessions=%d threads=%d cpus=%d%n"
            + "  create calls:                 %.2f s%n"
            + "  all with 5 children + status: %.2f s  -> %.0f sessions/s%n"
            + "  all Running after pods ready: %.2f s  -> %.0f sessions/s%n",
        sessions,
        threads,
        Runtime.getRuntime().availableProcessors(),
        created,
        ready,
        sessions / ready,
        running,
        sessions / running);
  }

  private static void awaitAll(
      KubernetesClient client,
      int sessions,
      Predicate<io.renku.session.crd.AmaltheaSessionStatus> done,
      boolean children)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (System.nanoTime() < deadline) {
      var list = client.resources(AmaltheaSession.class).inNamespace(NS).list().getItems();
      long ok =
          list.stream().filter(s -> s.getStatus() != null && done.test(s.getStatus())).count();
      boolean childrenOk =
          !children
              || (count(client.apps().statefulSets().inNamespace(NS).list().getItems()) == sessions
                  && client.services().inNamespace(NS).list().getItems().size() == sessions
                  && client.persistentVolumeClaims().inNamespace(NS).list().getItems().size()
                      == sessions
                  && client.network().v1().ingresses().inNamespace(NS).list().getItems().size()
                      == sessions
                  && client.secrets().inNamespace(NS).list().getItems().size() == sessions);
      if (ok == sessions && childrenOk) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("sessions not reconciled within 5 minutes");
  }

  private static int count(java.util.List<StatefulSet> items) {
    return items.size();
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
