package io.renku.data.dataconnector;

import io.renku.authz.ResourceSet;
import io.renku.core.Page;
import io.renku.core.Paging;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for the links between data connectors and projects. */
@Repository
public class DataConnectorLinkRepository {
  private static final String SELECT =
      "SELECT id, data_connector_id, project_id, created_by, creation_date"
          + " FROM storage.data_connector_project_links ";

  private final JdbcClient jdbc;

  public DataConnectorLinkRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public void insert(DataConnectorLink link) {
    jdbc.sql(
            """
            INSERT INTO storage.data_connector_project_links
              (id, data_connector_id, project_id, created_by, creation_date)
            VALUES (?, ?, ?, ?, ?)""")
        .params(
            link.id(),
            link.dataConnectorId(),
            link.projectId(),
            link.createdBy(),
            link.creationDate())
        .update();
  }

  public boolean exists(String dataConnectorId, String projectId) {
    return jdbc.sql(
            """
            SELECT EXISTS (SELECT 1 FROM storage.data_connector_project_links
              WHERE data_connector_id = ? AND project_id = ?)""")
        .params(dataConnectorId, projectId)
        .query(Boolean.class)
        .single();
  }

  public Optional<DataConnectorLink> find(String dataConnectorId, String linkId) {
    return jdbc.sql(SELECT + "WHERE id = ? AND data_connector_id = ?")
        .params(linkId, dataConnectorId)
        .query(DataConnectorLinkRepository::map)
        .optional();
  }

  public void delete(String linkId) {
    jdbc.sql("DELETE FROM storage.data_connector_project_links WHERE id = ?")
        .param(linkId)
        .update();
  }

  public List<DataConnectorLink> ofConnector(String dataConnectorId) {
    return jdbc.sql(SELECT + "WHERE data_connector_id = ? ORDER BY creation_date, id")
        .param(dataConnectorId)
        .query(DataConnectorLinkRepository::map)
        .list();
  }

  public List<DataConnectorLink> ofProject(String projectId) {
    return jdbc.sql(SELECT + "WHERE project_id = ? ORDER BY creation_date, id")
        .param(projectId)
        .query(DataConnectorLinkRepository::map)
        .list();
  }

  /**
   * One page of links, oldest first, whose connector and project are both public or in the caller's
   * readable sets (null sets: an admin, who sees all).
   *
   * @param onlyConnector only the links of this connector, when not null
   */
  public Page<DataConnectorLink> list(
      ResourceSet.Query readableConnectors,
      ResourceSet.Query readableProjects,
      String onlyConnector,
      Paging paging) {
    StringBuilder where =
        new StringBuilder(
            " FROM storage.data_connector_project_links l"
                + " JOIN storage.data_connectors d ON d.id = l.data_connector_id"
                + " JOIN projects.projects p ON p.id = l.project_id WHERE TRUE");
    var params = new java.util.HashMap<String, Object>();
    if (readableConnectors != null) {
      ResourceSet.Query dcs = readableConnectors.renamed("dcs");
      where
          .append(" AND (d.visibility = 'public' OR d.id IN (SELECT r.id FROM (")
          .append(dcs.select())
          .append(") AS r(id)))");
      params.putAll(dcs.params());
    }
    if (readableProjects != null) {
      ResourceSet.Query ps = readableProjects.renamed("prj");
      where
          .append(" AND (p.visibility = 'public' OR p.id IN (SELECT r.id FROM (")
          .append(ps.select())
          .append(") AS r(id)))");
      params.putAll(ps.params());
    }
    if (onlyConnector != null) {
      where.append(" AND l.data_connector_id = :only");
      params.put("only", onlyConnector);
    }
    long total = jdbc.sql("SELECT count(*)" + where).params(params).query(Long.class).single();
    if (total == 0 || paging.offset() >= total) {
      return new Page<>(List.of(), paging, total);
    }
    List<DataConnectorLink> items =
        jdbc.sql(
                "SELECT l.id, l.data_connector_id, l.project_id, l.created_by, l.creation_date"
                    + where
                    + " ORDER BY l.creation_date, l.id LIMIT :limit OFFSET :offset")
            .params(params)
            .param("limit", paging.perPage())
            .param("offset", paging.offset())
            .query(DataConnectorLinkRepository::map)
            .list();
    return new Page<>(items, paging, total);
  }

  static DataConnectorLink map(ResultSet rs, int n) throws SQLException {
    return new DataConnectorLink(
        rs.getString("id"),
        rs.getString("data_connector_id"),
        rs.getString("project_id"),
        rs.getString("created_by"),
        rs.getObject("creation_date", OffsetDateTime.class));
  }
}
