package io.renku.launcher.attack;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpResponse;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Notifications attacked through the gateway (issue 22): anonymous visitors and a fresh user never
 * read another user's alerts, whatever session name they ask for; only admins create and resolve
 * alerts; the alertmanager webhook takes only a token the platform signed with the role {@code
 * alertmanager-webhook} (or an admin's): none, a user's, one signed by another key, an unsigned one
 * and one whose role claim was edited are refused and write nothing. No answer is a 5xx.
 */
@Timeout(300)
class NotificationAttackTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static AttackPlatform platform;

  @BeforeAll
  static void start() throws Exception {
    platform = AttackPlatform.get();
  }

  private final AnswerLog answers = new AnswerLog();

  @AfterEach
  void noServerErrors() {
    answers.assertNoServerErrors();
  }

  private record Person(String token, String id) {}

  private static Person person(String name, boolean admin) throws Exception {
    String token = platform.token(name + "-" + UUID.randomUUID().toString().substring(0, 8), admin);
    var me = platform.send("GET", "/api/data/user", token, null);
    assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
    return new Person(token, AttackPlatform.json(me.body()).path("id").asString());
  }

  private HttpResponse<String> send(String method, String path, String token, Object body)
      throws Exception {
    var r = platform.send(method, path, token, body == null ? null : JSON.writeValueAsString(body));
    return answers.record(r);
  }

  private static List<String> ids(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    AttackPlatform.json(r.body()).forEach(a -> ids.add(a.path("id").asString()));
    return ids;
  }

  private static Map<String, Object> alert(String userId, String event, String session) {
    return Map.of(
        "title", "Quota low",
        "message", "Your session will stop soon.",
        "event_type", event,
        "user_id", userId,
        "session_name", session);
  }

  private static Map<String, Object> webhook(
      String status, String userId, String session, String description) {
    return Map.of(
        "version",
        "4",
        "groupKey",
        "{}:{alertname=\"SessionOOM\"}",
        "status",
        status,
        "alerts",
        List.of(
            Map.of(
                "status",
                status,
                "labels",
                Map.of("alertname", "SessionOOM", "safe_username", userId, "statefulset", session),
                "annotations",
                Map.of("title", "Out of memory", "description", description),
                "startsAt",
                "2026-12-05T12:00:00Z")));
  }

  /** Claims as Keycloak gives a client-credentials token, with the given realm roles. */
  private static JWTClaimsSet serviceClaims(List<String> roles) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer(platform.platform.issuer())
        // Keycloak's service accounts have a UUID subject like every user.
        .subject(UUID.randomUUID().toString())
        .audience("renku")
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(600)))
        .jwtID(UUID.randomUUID().toString())
        .claim("typ", "Bearer")
        .claim("azp", "alertmanager")
        .claim("realm_access", Map.of("roles", roles))
        .build();
  }

  private static String sign(JWTClaimsSet claims, PrivateKey key) throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(), claims);
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  private static String webhookToken() throws Exception {
    return sign(
        serviceClaims(List.of("alertmanager-webhook")), platform.platform.keys().privateKey());
  }

  @Test
  void strangersNeverReadOrWriteAnotherUsersAlerts() throws Exception {
    Person admin = person("notif-admin", true);
    Person victim = person("notif-victim", false);
    Person attacker = person("notif-attacker", false);
    String session = "victim-" + UUID.randomUUID().toString().substring(0, 8);

    var created =
        send("POST", "/api/data/alerts", admin.token(), alert(victim.id(), "quota", session));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = AttackPlatform.json(created.body()).path("id").asString();
    assertThat(ids(send("GET", "/api/data/alerts", victim.token(), null))).containsExactly(id);

    // Reading: by session name, with tricks in it, as a stranger or anonymously: nothing.
    for (String query :
        List.of(
            "",
            "?session_name=" + session,
            "?session_name=%25",
            "?session_name=" + session + "%27%20OR%20%271%27%3D%271")) {
      assertThat(ids(send("GET", "/api/data/alerts" + query, attacker.token(), null)))
          .as(query)
          .isEmpty();
      assertThat(ids(send("GET", "/api/data/alerts" + query, null, null))).as(query).isEmpty();
    }
    // Naming the victim in parameters the API does not have changes nothing.
    for (String query :
        List.of(
            "?user_id=" + victim.id(), "?session_name=" + session + "&user_id=" + victim.id())) {
      var r = send("GET", "/api/data/alerts" + query, attacker.token(), null);
      assertThat(r.body()).as(query).doesNotContain(id);
    }

    // Writing: anonymous 401, a user 403 (also for their own alerts), nothing changes.
    assertThat(
            send("POST", "/api/data/alerts", null, alert(attacker.id(), "phish", session))
                .statusCode())
        .isEqualTo(401);
    assertThat(
            send("POST", "/api/data/alerts", attacker.token(), alert(victim.id(), "phish", session))
                .statusCode())
        .isEqualTo(403);
    assertThat(
            send("PATCH", "/api/data/alerts/" + id, attacker.token(), Map.of("resolved", true))
                .statusCode())
        .isEqualTo(403);
    assertThat(
            send("PATCH", "/api/data/alerts/" + id, victim.token(), Map.of("resolved", true))
                .statusCode())
        .isEqualTo(403);
    assertThat(send("PATCH", "/api/data/alerts/" + id, null, Map.of("resolved", true)).statusCode())
        .isEqualTo(401);
    // A cookie-less browser write with a forged origin gets no further.
    var crossSite =
        platform.send(
            "PATCH",
            "/api/data/alerts/" + id,
            attacker.token(),
            "{\"resolved\":true}",
            Map.of("Origin", "https://evil.example"));
    answers.record(crossSite);
    assertThat(crossSite.statusCode()).isIn(401, 403);
    assertThat(ids(send("GET", "/api/data/alerts", victim.token(), null))).containsExactly(id);
  }

  @Test
  void forgedWebhookCallsWriteNothing() throws Exception {
    Person victim = person("notif-wh-victim", false);
    Person attacker = person("notif-wh-attacker", false);
    String session = "wh-" + UUID.randomUUID().toString().substring(0, 8);
    var fire =
        webhook(
            "firing",
            victim.id(),
            session,
            "Your session was killed: [fix it](http://evil.example)");

    var kp = KeyPairGenerator.getInstance("RSA");
    kp.initialize(2048);
    String foreignKey =
        sign(serviceClaims(List.of("alertmanager-webhook")), kp.generateKeyPair().getPrivate());
    String unsigned = new PlainJWT(serviceClaims(List.of("alertmanager-webhook"))).serialize();
    // A valid token of the attacker with its payload edited to claim the role: the signature fails.
    String[] parts = attacker.token().split("\\.");
    String payload =
        new String(
            java.util.Base64.getUrlDecoder().decode(parts[1]),
            java.nio.charset.StandardCharsets.UTF_8);
    JsonNode claims = JSON.readTree(payload);
    ((tools.jackson.databind.node.ObjectNode) claims)
        .putObject("realm_access")
        .putArray("roles")
        .add("alertmanager-webhook");
    String edited =
        parts[0]
            + "."
            + java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(JSON.writeValueAsBytes(claims))
            + "."
            + parts[2];

    assertThat(send("POST", "/api/data/webhooks/alertmanager", null, fire).statusCode())
        .isEqualTo(401);
    for (String bad : List.of(foreignKey, unsigned, edited, "not-a-token")) {
      var r = send("POST", "/api/data/webhooks/alertmanager", bad, fire);
      assertThat(r.statusCode()).as(bad + ": " + r.body()).isEqualTo(401);
    }
    var userToken = send("POST", "/api/data/webhooks/alertmanager", attacker.token(), fire);
    assertThat(userToken.statusCode()).as(userToken.body()).isEqualTo(403);
    var wrongRole =
        sign(
            serviceClaims(List.of("alertmanager", "webhook")),
            platform.platform.keys().privateKey());
    assertThat(send("POST", "/api/data/webhooks/alertmanager", wrongRole, fire).statusCode())
        .isEqualTo(403);
    assertThat(ids(send("GET", "/api/data/alerts", victim.token(), null))).isEmpty();

    // The real webhook (a token the platform signed with the role) reaches the victim only.
    var real = send("POST", "/api/data/webhooks/alertmanager", webhookToken(), fire);
    assertThat(real.statusCode()).as(real.body()).isEqualTo(200);
    List<String> mine =
        ids(send("GET", "/api/data/alerts?session_name=" + session, victim.token(), null));
    assertThat(mine).hasSize(1);
    assertThat(ids(send("GET", "/api/data/alerts", attacker.token(), null))).isEmpty();

    // Nobody but the webhook resolves it through the webhook.
    var resolve =
        webhook(
            "resolved",
            victim.id(),
            session,
            "Your session was killed: [fix it](http://evil.example)");
    assertThat(
            send("POST", "/api/data/webhooks/alertmanager", attacker.token(), resolve).statusCode())
        .isEqualTo(403);
    assertThat(send("POST", "/api/data/webhooks/alertmanager", foreignKey, resolve).statusCode())
        .isEqualTo(401);
    assertThat(ids(send("GET", "/api/data/alerts", victim.token(), null))).isEqualTo(mine);
    assertThat(
            send("POST", "/api/data/webhooks/alertmanager", webhookToken(), resolve).statusCode())
        .isEqualTo(200);
    assertThat(ids(send("GET", "/api/data/alerts", victim.token(), null))).isEmpty();
  }
}
