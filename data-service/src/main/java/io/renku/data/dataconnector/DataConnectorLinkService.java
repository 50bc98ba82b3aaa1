package io.renku.data.dataconnector;

import io.renku.authz.ObjectRef;
import io.renku.authz.postgres.Authz;
import io.renku.authz.postgres.PlatformRelations;
import io.renku.core.ApiUser;
import io.renku.core.ErrorCode;
import io.renku.core.Page;
import io.renku.core.Paging;
import io.renku.core.RenkuException;
import io.renku.core.Ulid;
import io.renku.data.project.ProjectService;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Links between data connectors and projects. Linking and unlinking change the project (write on
 * it), and linking needs the connector to be readable, as in the original. Lists only show links
 * whose other side the caller can read.
 */
@Service
public class DataConnectorLinkService {
  private static final Logger log = LoggerFactory.getLogger(DataConnectorLinkService.class);

  private final DataConnectorService connectors;
  private final DataConnectorRepository connectorRows;
  private final DataConnectorLinkRepository links;
  private final ProjectService projects;
  private final Authz authz;

  public DataConnectorLinkService(
      DataConnectorService connectors,
      DataConnectorRepository connectorRows,
      DataConnectorLinkRepository links,
      ProjectService projects,
      Authz authz) {
    this.connectors = connectors;
    this.connectorRows = connectorRows;
    this.links = links;
    this.projects = projects;
    this.authz = authz;
  }

  /** The connector's links to projects the caller can read. */
  public List<DataConnectorLink> ofConnector(ApiUser caller, String dataConnectorId) {
    connectors.get(caller, dataConnectorId);
    List<DataConnectorLink> all = links.ofConnector(dataConnectorId);
    if (all.isEmpty()) {
      return all;
    }
    Map<ObjectRef, Boolean> readable =
        authz.hasEach(
            caller,
            all.stream().map(l -> PlatformRelations.project(l.projectId())).distinct().toList(),
            "read");
    return all.stream()
        .filter(l -> readable.getOrDefault(PlatformRelations.project(l.projectId()), false))
        .toList();
  }

  /** The project's links to connectors the caller can read. */
  public List<DataConnectorLink> ofProject(ApiUser caller, String projectId) {
    projects.get(caller, projectId);
    List<DataConnectorLink> all = links.ofProject(projectId);
    Set<String> readable = readableConnectorIds(caller, all);
    return all.stream().filter(l -> readable.contains(l.dataConnectorId())).toList();
  }

  /** How many of the project's links point to connectors the caller cannot read. */
  public int inaccessibleCount(ApiUser caller, String projectId) {
    projects.get(caller, projectId);
    List<DataConnectorLink> all = links.ofProject(projectId);
    Set<String> readable = readableConnectorIds(caller, all);
    return (int) all.stream().filter(l -> !readable.contains(l.dataConnectorId())).count();
  }

  /**
   * One page of the links whose connector and project the caller can both read; with a DOI, only
   * those of the global connector for that DOI (404 when there is none).
   */
  public Page<DataConnectorLink> list(ApiUser caller, Paging paging, String doi) {
    String only = null;
    if (doi != null && !doi.isBlank()) {
      only =
          connectorRows
              .findGlobalByDoi(GlobalDataConnectors.normalizeDoi(doi))
              .filter(d -> connectors.readable(caller, d))
              .orElseThrow(
                  () ->
                      RenkuException.notFound(
                          "There is no data connector for the DOI " + doi + "."))
              .id();
    }
    boolean everything = caller.authenticated() && caller.admin();
    return links.list(
        everything ? null : authz.readable(caller, DataConnectorRelations.TYPE, "read"),
        everything ? null : authz.readable(caller, "project", "read"),
        only,
        paging);
  }

  @Transactional
  public DataConnectorLink create(ApiUser caller, String dataConnectorId, String projectId) {
    caller.requireAuthenticated();
    connectors.get(caller, dataConnectorId);
    if (projectId == null || !Ulid.isValid(projectId)) {
      throw RenkuException.validation("project_id", "must be a ULID");
    }
    projects.requireWrite(caller, projectId);
    if (links.exists(dataConnectorId, projectId)) {
      throw conflict(dataConnectorId, projectId);
    }
    DataConnectorLink link =
        new DataConnectorLink(
            Ulid.next(),
            dataConnectorId,
            projectId,
            caller.id(),
            OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS));
    try {
      links.insert(link);
    } catch (DuplicateKeyException e) {
      throw conflict(dataConnectorId, projectId);
    }
    log.info(
        "User {} linked data connector {} to project {}", caller.id(), dataConnectorId, projectId);
    return link;
  }

  /** Unlinks; 204 when the link does not exist. The link to the owning project stays. */
  @Transactional
  public void delete(ApiUser caller, String dataConnectorId, String linkId) {
    caller.requireAuthenticated();
    DataConnectorLink link = links.find(dataConnectorId, linkId).orElse(null);
    if (link == null) {
      return;
    }
    DataConnector d = connectors.get(caller, dataConnectorId);
    try {
      projects.requireWrite(caller, link.projectId());
    } catch (RenkuException e) {
      // name only what the caller gave: the link's project may be private
      throw e.errorCode() == ErrorCode.NOT_FOUND
          ? RenkuException.notFound(
              "Link " + linkId + " does not exist or you do not have access to it.")
          : e;
    }
    if (link.projectId().equals(d.projectId())) {
      throw RenkuException.validation(
          "link_id",
          "the link to the project that owns the data connector cannot be removed; move the data"
              + " connector elsewhere first");
    }
    links.delete(linkId);
    log.info("User {} removed data connector link {}", caller.id(), linkId);
  }

  private Set<String> readableConnectorIds(ApiUser caller, List<DataConnectorLink> all) {
    if (all.isEmpty()) {
      return Set.of();
    }
    List<String> ids = all.stream().map(DataConnectorLink::dataConnectorId).distinct().toList();
    return connectors.readableOf(caller, connectorRows.findAll(ids)).stream()
        .map(DataConnector::id)
        .collect(Collectors.toSet());
  }

  private static RenkuException conflict(String dataConnectorId, String projectId) {
    return RenkuException.conflict(
        "Data connector " + dataConnectorId + " is already linked to project " + projectId + ".");
  }
}
