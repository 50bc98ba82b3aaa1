package io.renku.data.tasks.jobs;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Keycloak realm import (the original's {@code init-realm} job), run by the chart as a Job
 * after each install and upgrade: makes the realm of {@code deploy/keycloak/Renku-realm.json} in a
 * Keycloak that runs anywhere, through its admin REST API, and keeps what the platform depends on
 * in step with the release.
 *
 * <ul>
 *   <li>The realm file's placeholders ({@code ${NAME}} or {@code ${NAME:default}}, the syntax
 *       Keycloak's own {@code --import-realm} fills) are filled from the environment; a placeholder
 *       with neither is an error naming it.
 *   <li>A missing realm is created from the file. An existing one keeps its settings (an
 *       administrator may have tuned them in Keycloak); only its clients and realm roles are
 *       brought in step: a missing client or role is created, an existing client gets the file's
 *       fields (secret, redirect URIs, web origins, attributes), so a new domain or a rotated
 *       client secret reaches Keycloak with the next upgrade.
 *   <li>An initial administrator ({@code RENKU_INITIAL_ADMIN_*}) is created once with the realm
 *       role {@code renku-admin} and a temporary password (Keycloak asks for a new one at the first
 *       login); an existing user of that name is left alone (never a password reset).
 * </ul>
 *
 * <p>Failure modes: Keycloak unreachable or answering 5xx is retried until {@code KEYCLOAK_WAIT}
 * (it may start after the job); a refused administrator login or any other unexpected answer fails
 * at once with Keycloak's status and message (never a credential). Each step is idempotent, so the
 * Job's retries and the next upgrade repeat it safely.
 */
public final class RealmInit {
  private static final Logger log = LoggerFactory.getLogger(RealmInit.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)(?::([^}]*))?}");

  /** The job's settings (environment variables in the module README). */
  record Settings(
      URI keycloakUrl,
      String realm,
      KeycloakAdmin.Credentials admin,
      Path realmFile,
      String initialAdminUsername,
      String initialAdminEmail,
      String initialAdminPassword,
      Duration keycloakWait,
      Map<String, String> placeholders) {

    /**
     * @throws IllegalArgumentException naming the missing or malformed variable
     */
    static Settings fromEnv(Map<String, String> env) {
      String url = JobSettings.required(env, "KEYCLOAK_URL");
      String password = JobSettings.required(env, "KEYCLOAK_ADMIN_PASSWORD");
      String admin = JobSettings.optional(env, "KEYCLOAK_ADMIN_USERNAME", null);
      String initialAdmin = JobSettings.optional(env, "RENKU_INITIAL_ADMIN_USERNAME", null);
      String initialPassword = JobSettings.optional(env, "RENKU_INITIAL_ADMIN_PASSWORD", null);
      if (initialAdmin != null && initialPassword == null) {
        throw new IllegalArgumentException(
            "set RENKU_INITIAL_ADMIN_PASSWORD with RENKU_INITIAL_ADMIN_USERNAME");
      }
      return new Settings(
          URI.create(url),
          JobSettings.optional(env, "KEYCLOAK_REALM", "Renku"),
          new KeycloakAdmin.Credentials(
              JobSettings.optional(env, "KEYCLOAK_ADMIN_REALM", "master"),
              JobSettings.optional(env, "KEYCLOAK_ADMIN_CLIENT_ID", "admin-cli"),
              admin,
              password),
          Path.of(JobSettings.optional(env, "REALM_FILE", "/etc/renku/keycloak/Renku-realm.json")),
          initialAdmin,
          JobSettings.optional(env, "RENKU_INITIAL_ADMIN_EMAIL", null),
          initialPassword,
          JobSettings.duration(env, "KEYCLOAK_WAIT", Duration.ofMinutes(5)),
          env);
    }
  }

  /** What a run did, for the log and the tests. */
  record Result(
      boolean realmCreated,
      List<String> clientsCreated,
      List<String> clientsUpdated,
      List<String> rolesCreated,
      boolean adminCreated) {}

  private final Settings settings;
  private final KeycloakAdmin keycloak;

  RealmInit(Settings settings) {
    this.settings = settings;
    this.keycloak = new KeycloakAdmin(settings.keycloakUrl(), settings.admin());
  }

  Result run() throws IOException, InterruptedException {
    ObjectNode realm = realmFromFile();
    waitForKeycloak();
    String r = "/realms/" + KeycloakAdmin.enc(settings.realm());
    boolean created = keycloak.get(r).isEmpty();
    List<String> clientsCreated = new ArrayList<>();
    List<String> clientsUpdated = new ArrayList<>();
    List<String> rolesCreated = new ArrayList<>();
    if (created) {
      keycloak.post("/realms", realm);
      log.info("realm {} created from {}", settings.realm(), settings.realmFile());
    } else {
      log.info("realm {} exists; bringing its clients and roles in step", settings.realm());
      for (JsonNode role : realm.path("roles").path("realm")) {
        String name = role.path("name").asString();
        if (keycloak.get(r + "/roles/" + KeycloakAdmin.enc(name)).isEmpty()) {
          keycloak.post(r + "/roles", role);
          rolesCreated.add(name);
          log.info("realm role {} created", name);
        }
      }
      for (JsonNode client : realm.path("clients")) {
        String clientId = client.path("clientId").asString();
        JsonNode found =
            keycloak.get(r + "/clients?clientId=" + KeycloakAdmin.enc(clientId)).orElseThrow();
        if (found.isEmpty()) {
          keycloak.post(r + "/clients", client);
          clientsCreated.add(clientId);
          log.info("client {} created", clientId);
        } else {
          // The file's fields over Keycloak's; mappers have their own endpoint and stay as they
          // are.
          ObjectNode update = ((ObjectNode) client).deepCopy();
          update.remove("protocolMappers");
          String id = found.get(0).path("id").asString();
          update.put("id", id);
          keycloak.put(r + "/clients/" + id, update);
          clientsUpdated.add(clientId);
          log.info("client {} updated (secret, redirect URIs, web origins, attributes)", clientId);
        }
      }
    }
    boolean adminCreated = settings.initialAdminUsername() != null && initialAdmin(r);
    return new Result(created, clientsCreated, clientsUpdated, rolesCreated, adminCreated);
  }

  private boolean initialAdmin(String r) throws IOException, InterruptedException {
    String username = settings.initialAdminUsername();
    JsonNode existing =
        keycloak.get(r + "/users?exact=true&username=" + KeycloakAdmin.enc(username)).orElseThrow();
    if (!existing.isEmpty()) {
      log.info("initial administrator {} exists; left as it is", username);
      return false;
    }
    ObjectNode user = JSON.createObjectNode();
    user.put("username", username);
    if (settings.initialAdminEmail() != null) {
      user.put("email", settings.initialAdminEmail());
      user.put("emailVerified", true);
    }
    user.put("enabled", true);
    ObjectNode credential = user.putArray("credentials").addObject();
    credential.put("type", "password");
    credential.put("value", settings.initialAdminPassword());
    credential.put("temporary", true);
    String id = keycloak.post(r + "/users", user);
    JsonNode role = keycloak.get(r + "/roles/renku-admin").orElseThrow();
    ArrayNode roles = JSON.createArrayNode().add(role);
    keycloak.post(r + "/users/" + id + "/role-mappings/realm", roles);
    log.info(
        "initial administrator {} created with the role renku-admin (password to change at the"
            + " first login)",
        username);
    return true;
  }

  /** The realm file with its placeholders filled and the realm's name set. */
  ObjectNode realmFromFile() throws IOException {
    String text = Files.readString(settings.realmFile());
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder filled = new StringBuilder();
    while (m.find()) {
      String value = settings.placeholders().get(m.group(1));
      if (value == null || value.isEmpty()) {
        value = m.group(2);
      }
      if (value == null) {
        throw new IllegalArgumentException(
            "the realm file " + settings.realmFile() + " needs " + m.group(1) + " to be set");
      }
      // inside a JSON string: escaped as one
      String escaped = JSON.writeValueAsString(value);
      m.appendReplacement(
          filled, Matcher.quoteReplacement(escaped.substring(1, escaped.length() - 1)));
    }
    m.appendTail(filled);
    ObjectNode realm = (ObjectNode) JSON.readTree(filled.toString());
    realm.put("realm", settings.realm());
    return realm;
  }

  private void waitForKeycloak() throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(settings.keycloakWait());
    while (true) {
      try {
        keycloak.login();
        return;
      } catch (IOException | KeycloakAdmin.KeycloakException e) {
        boolean retry =
            e instanceof IOException
                || ((KeycloakAdmin.KeycloakException) e).status >= 500
                || ((KeycloakAdmin.KeycloakException) e).status == 404; // realm still importing
        if (!retry || Instant.now().isAfter(deadline)) {
          throw e;
        }
        log.info("waiting for Keycloak at {}: {}", settings.keycloakUrl(), e.getMessage());
        Thread.sleep(5_000);
      }
    }
  }
}
