package io.renku.data.session;

import io.renku.core.ApiUser;
import io.renku.core.RenkuException;
import io.renku.data.dataconnector.DataConnectorService;
import io.renku.data.dataconnector.SessionDataConnector;
import io.renku.data.session.runtime.DataSourceMount;
import io.renku.data.session.runtime.SessionMounts;
import io.renku.data.sessionsecret.SessionSecretFiles;
import io.renku.data.sessionsecret.SessionSecretService;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * What a new session of a project mounts for its owner (decision 0033): the project's secret slots
 * the owner filled (file name → their secret id) and the project's data connectors the owner can
 * read (with the ids of the credentials they saved), changed by the launch's {@code
 * data_connectors_overrides}. Only ids of secrets leave here; the runtimes have the secrets service
 * turn them into files or Kubernetes Secrets.
 */
@Component
public class SessionMountPlanner {

  private final DataConnectorService dataConnectors;
  private final SessionSecretService sessionSecrets;

  public SessionMountPlanner(
      DataConnectorService dataConnectors, SessionSecretService sessionSecrets) {
    this.dataConnectors = dataConnectors;
    this.sessionSecrets = sessionSecrets;
  }

  /** How one connector is mounted in one session only; null fields keep the connector's. */
  public record Override(
      String dataConnectorId,
      boolean skip,
      Map<String, Object> configuration,
      String sourcePath,
      String targetPath,
      Boolean readonly) {}

  /**
   * The mounts of a new session.
   *
   * @throws RenkuException 422 ({@code data_connectors_overrides}) when an override names a
   *     connector that is not one of the project's readable ones, twice the same connector, or
   *     changes an option the connector does not have as a plain (non-credential) option
   */
  public SessionMounts plan(ApiUser caller, String projectId, List<Override> overrides) {
    SessionSecretFiles files = sessionSecrets.forSession(caller, projectId);
    List<SessionDataConnector> connectors = dataConnectors.forSession(caller, projectId);
    Map<String, Override> byId = new LinkedHashMap<>();
    for (Override o : overrides == null ? List.<Override>of() : overrides) {
      if (o == null || o.dataConnectorId() == null || o.dataConnectorId().isBlank()) {
        throw invalid("each override needs a data_connector_id");
      }
      if (byId.put(o.dataConnectorId(), o) != null) {
        throw invalid("data connector " + o.dataConnectorId() + " is named twice");
      }
    }
    Set<String> known = new HashSet<>();
    connectors.forEach(c -> known.add(c.id()));
    for (String id : byId.keySet()) {
      if (!known.contains(id)) {
        // the same answer whether it exists elsewhere or not: no oracle of private connectors
        throw invalid(id + " is not a data connector of this project that you can read");
      }
    }
    List<DataSourceMount> mounts = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (SessionDataConnector c : connectors) {
      Override o = byId.get(c.id());
      if (o != null && o.skip()) {
        continue;
      }
      Map<String, String> options = new TreeMap<>(c.configuration());
      if (o != null && o.configuration() != null) {
        o.configuration().forEach((k, v) -> options.put(k, overridden(c, k, v)));
      }
      options.remove("type");
      String name = uniqueName(c.slug(), names);
      mounts.add(
          new DataSourceMount(
              name,
              c.storageType(),
              options,
              c.secretIds(),
              o != null && o.sourcePath() != null ? o.sourcePath() : c.sourcePath(),
              o != null && o.targetPath() != null ? o.targetPath() : c.targetPath(),
              o != null && o.readonly() != null ? o.readonly() : c.readonly()));
    }
    return new SessionMounts(files.mountDirectory(), files.files(), mounts);
  }

  /**
   * An override may change the connector's own plain options only: a new credential given at launch
   * would travel (and be kept for resumes) as a plain option, and a new option could be one the
   * connector's checks never saw.
   */
  private static String overridden(SessionDataConnector c, String option, Object value) {
    if (!c.configuration().containsKey(option) || option.equals("type")) {
      throw invalid(
          "option "
              + option
              + " of data connector "
              + c.id()
              + " cannot be changed for a session (only the connector's own options that are not"
              + " credentials can; save credentials with the connector's secrets)");
    }
    if (value == null || value instanceof Map<?, ?> || value instanceof List<?>) {
      throw invalid("option " + option + " must be a string, a number or a boolean");
    }
    return String.valueOf(value);
  }

  private static String uniqueName(String slug, Set<String> taken) {
    String base = slug == null || slug.isBlank() ? "data" : slug;
    String name = base;
    for (int i = 2; !taken.add(name); i++) {
      name = base + "-" + i;
    }
    return name;
  }

  private static RenkuException invalid(String message) {
    return RenkuException.validation("data_connectors_overrides", message);
  }
}
