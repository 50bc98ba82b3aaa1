package io.renku.data.dataconnector;

import io.renku.core.ApiUser;
import io.renku.core.RenkuException;
import io.renku.data.storage.StorageService;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * Global data connectors: public, owned by nobody, one per DOI, made by any logged-in user from a
 * {@code doi} storage configuration. The original mounts them with rclone's {@code doi} backend
 * (rclone 1.70 and later) after resolving the DOI on the internet. The rclone here (1.60) has no
 * such backend and the platform has no internet, so a new one is refused with a 422 that says so;
 * existing ones (none can be made yet) would be found by DOI and slug. See decision 0030.
 */
@Service
public class GlobalDataConnectorService {
  private final DataConnectorRepository connectors;
  private final StorageService storage;

  public GlobalDataConnectorService(DataConnectorRepository connectors, StorageService storage) {
    this.connectors = connectors;
    this.storage = storage;
  }

  /** The connector and whether it was made now (201) or existed already (200). */
  public record Outcome(DataConnector dataConnector, boolean created) {}

  public Outcome create(ApiUser caller, Map<String, Object> configuration, String sourcePath) {
    caller.requireAuthenticated();
    if (configuration == null) {
      throw RenkuException.validation("storage.configuration", "is required");
    }
    if (!"doi".equals(configuration.get("type"))) {
      throw RenkuException.validation(
          "storage.configuration.type", "must be \"doi\" for a global data connector");
    }
    if (!(configuration.get("doi") instanceof String doi) || doi.isBlank() || doi.length() > 500) {
      throw RenkuException.validation("storage.configuration.doi", "must be a DOI");
    }
    var existing = connectors.findGlobalByDoi(GlobalDataConnectors.normalizeDoi(doi));
    if (existing.isPresent()) {
      return new Outcome(existing.get(), false);
    }
    if (storage.schema().stream().noneMatch(t -> t.prefix().equals("doi"))) {
      throw RenkuException.validation(
          "storage.configuration.type",
          "the rclone installed with the platform has no \"doi\" storage type, so datasets cannot"
              + " be mounted by their DOI here");
    }
    // A platform whose rclone knows "doi" would resolve the DOI here; none does yet.
    throw RenkuException.validation(
        "storage.configuration.doi", "resolving DOIs is not available on this platform");
  }

  /** Global connectors are public: anyone may read them. */
  public DataConnector getBySlug(ApiUser caller, String slug) {
    return connectors.findGlobalBySlug(slug).orElseThrow(() -> DataConnectorService.notFound(slug));
  }
}
