package io.renku.data.api;

import static io.renku.data.api.Fixtures.createPool;
import static io.renku.data.api.Fixtures.createProject;
import static io.renku.data.api.Fixtures.register;
import static io.renku.data.api.Fixtures.slug;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.renku.data.reservation.PlaceholderReconciler;
import io.renku.data.support.Api;
import io.renku.data.support.ApiTest;
import io.renku.data.support.TestUser;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Capacity reservations on a cluster (the fabric8 mock API server in CRUD mode, as {@link
 * KubernetesSessionApiTest}): during a reservation's window the data service keeps a Deployment of
 * placeholder pods requesting the class's resources; outside it, and once the reservation is
 * deleted, none.
 */
class CapacityPlaceholderKubernetesTest extends ApiTest {
  private static final String NAMESPACE = "renku-sessions";
  private static final KubernetesMockServer SERVER = startServer();
  private static final NamespacedKubernetesClient K8S = SERVER.createClient();

  @Autowired PlaceholderReconciler reconciler;

  private static KubernetesMockServer startServer() {
    var server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(List.of()),
            false);
    server.init();
    return server;
  }

  @DynamicPropertySource
  static void kubernetes(DynamicPropertyRegistry registry) {
    registry.add("renku.sessions.runtime", () -> "kubernetes");
    registry.add("renku.sessions.kubernetes.master-url", () -> K8S.getMasterUrl().toString());
    registry.add("renku.sessions.kubernetes.namespace", () -> NAMESPACE);
    registry.add("renku.sessions.kubernetes.ingress-host", () -> "renku.example.org");
    registry.add(
        "renku.sessions.kubernetes.oidc.issuer-url",
        () -> "https://renku.example.org/auth/realms/Renku");
    registry.add("renku.sessions.kubernetes.oidc.client-secret", () -> "oidc-client-secret");
    registry.add("renku.reservations.placeholder-priority-class", () -> "renku-placeholder");
    registry.add("renku.reservations.reconcile-interval", () -> "1h"); // passes run by the test
  }

  @AfterAll
  static void stop() {
    K8S.close();
    SERVER.destroy();
  }

  private static List<Deployment> placeholders() {
    return K8S.apps()
        .deployments()
        .inNamespace(NAMESPACE)
        .withLabel("app", "capacity-placeholder")
        .list()
        .getItems();
  }

  @Test
  void placeholdersRunDuringTheWindowAndGoWithTheReservation() {
    Api admin = api.as(TestUser.randomAdmin("placeadmin"));
    JsonNode pool = createPool(admin, "Placeholder pool", true);
    JsonNode cls = pool.path("classes").get(1); // 2 CPUs, 4 GB
    LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(2);
    var created =
        admin.post(
            "capacity-reservations",
            Map.of(
                "name",
                "Course: Intro_to ML!",
                "resource_class_id",
                cls.path("id").asInt(),
                "recurrence",
                Map.of(
                    "type",
                    "daily",
                    "start_date",
                    day.toString(),
                    "end_date",
                    day.plusDays(3).toString(),
                    "schedule",
                    List.of(
                        Map.of(
                            "day_of_week", 1, "start_time", "09:00:00", "end_time", "11:00:00"))),
                "provisioning",
                Map.of(
                    "placeholder_count",
                    4,
                    "lead_time_minutes",
                    30,
                    "scale_down_behavior",
                    "none")));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.field("id");

    OffsetDateTime before = day.atTime(8, 29).atOffset(ZoneOffset.UTC);
    assertThat(reconciler.reconcile(before)).doesNotContain(id);
    assertThat(placeholdersOf(id)).isEmpty();

    OffsetDateTime inLeadTime = day.atTime(8, 30).atOffset(ZoneOffset.UTC);
    assertThat(reconciler.reconcile(inLeadTime)).contains(id);
    List<Deployment> now = placeholdersOf(id);
    assertThat(now).hasSize(1);
    Deployment d = now.get(0);
    assertThat(d.getMetadata().getName())
        .startsWith("cr-course-intro-to-ml-")
        .endsWith("-" + cls.path("id").asInt())
        .matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    assertThat(d.getMetadata().getLabels()).containsEntry("renku.io/capacity-reservation-id", id);
    assertThat(d.getSpec().getReplicas()).isEqualTo(4);
    var pod = d.getSpec().getTemplate().getSpec();
    assertThat(pod.getPriorityClassName()).isEqualTo("renku-placeholder");
    var requests = pod.getContainers().get(0).getResources().getRequests();
    assertThat(requests.get("cpu").toString()).isEqualTo("2.0");
    assertThat(requests.get("memory").toString()).isEqualTo("4Gi");

    // After the window, and outside the date range, the placeholders are removed.
    assertThat(reconciler.reconcile(day.atTime(11, 0).atOffset(ZoneOffset.UTC))).doesNotContain(id);
    assertThat(placeholdersOf(id)).isEmpty();
    reconciler.reconcile(day.plusDays(1).atTime(10, 0).atOffset(ZoneOffset.UTC));
    assertThat(placeholdersOf(id)).hasSize(1);
    reconciler.reconcile(day.plusDays(4).atTime(10, 0).atOffset(ZoneOffset.UTC));
    assertThat(placeholdersOf(id)).as("after end_date").isEmpty();

    // Deleting the reservation removes its placeholders at the next pass.
    reconciler.reconcile(inLeadTime);
    assertThat(placeholdersOf(id)).hasSize(1);
    assertThat(admin.delete("capacity-reservations/" + id).status()).isEqualTo(204);
    reconciler.reconcile(inLeadTime);
    assertThat(placeholdersOf(id)).isEmpty();
  }

  @Test
  void maintainLeavesRoomForTheSessionsAlreadyRunningOnTheClass() {
    Api admin = api.as(TestUser.randomAdmin("placemaint"));
    JsonNode pool = createPool(admin, "Maintained pool", true);
    int classId = pool.path("classes").get(0).path("id").asInt();
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    var created =
        admin.post(
            "capacity-reservations",
            Map.of(
                "name",
                "Maintained",
                "resource_class_id",
                classId,
                "recurrence",
                Map.of(
                    "type",
                    "once",
                    "start_date",
                    today.toString(),
                    "end_date",
                    today.plusDays(1).toString(),
                    "schedule",
                    List.of(
                        Map.of(
                            "day_of_week", 1, "start_time", "00:00:00", "end_time", "23:59:59"))),
                "provisioning",
                Map.of(
                    "placeholder_count",
                    3,
                    "lead_time_minutes",
                    0,
                    "scale_down_behavior",
                    "maintain")));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.field("id");
    OffsetDateTime noon = today.atTime(12, 0).atOffset(ZoneOffset.UTC);
    reconciler.reconcile(noon);
    assertThat(replicasOf(id)).isEqualTo(3);

    // A session starts on the class: one placeholder gives way.
    TestUser owner = TestUser.random("placeowner");
    String ns = register(api, owner);
    String projectId =
        createProject(api.as(owner), ns, slug("pl"), "private").path("id").asString();
    Api as = api.as(owner);
    var launcher =
        as.post(
            "session_launchers",
            Map.of(
                "name",
                "Lab",
                "project_id",
                projectId,
                "environment",
                Map.of(
                    "environment_kind",
                    "CUSTOM",
                    "name",
                    "Lab",
                    "container_image",
                    "quay.io/jupyter/minimal-notebook:2025-01-01",
                    "port",
                    8888,
                    "default_url",
                    "/lab")));
    assertThat(launcher.status()).as(launcher.body()).isEqualTo(201);
    var started =
        as.post(
            "sessions", Map.of("launcher_id", launcher.field("id"), "resource_class_id", classId));
    assertThat(started.status()).as(started.body()).isEqualTo(201);
    reconciler.reconcile(noon);
    assertThat(replicasOf(id)).isEqualTo(2);

    assertThat(as.delete("sessions/" + started.field("name")).status()).isEqualTo(204);
    reconciler.reconcile(noon);
    assertThat(replicasOf(id)).isEqualTo(3);
    assertThat(admin.delete("capacity-reservations/" + id).status()).isEqualTo(204);
    reconciler.reconcile(noon);
    assertThat(placeholdersOf(id)).isEmpty();
  }

  /** Only this reservation's: other test classes leave reservations in the shared database. */
  private static List<Deployment> placeholdersOf(String reservationId) {
    return placeholders().stream()
        .filter(
            d ->
                reservationId.equals(
                    d.getMetadata().getLabels().get("renku.io/capacity-reservation-id")))
        .toList();
  }

  private static int replicasOf(String reservationId) {
    return placeholders().stream()
        .filter(
            d ->
                reservationId.equals(
                    d.getMetadata().getLabels().get("renku.io/capacity-reservation-id")))
        .findFirst()
        .orElseThrow()
        .getSpec()
        .getReplicas();
  }
}
