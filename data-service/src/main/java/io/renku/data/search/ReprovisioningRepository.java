package io.renku.data.search;

import io.renku.core.Ulid;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * {@code search.reprovisioning} (V18): at most one row, the rebuild asked for or running. The data
 * tasks run a rebuild while it is there and delete it when done; a delete here asks them to stop.
 */
@Repository
public class ReprovisioningRepository {
  private final JdbcClient jdbc;

  public ReprovisioningRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Inserts the row; empty when one is there already (the table's unique constant decides). */
  public Optional<Reprovisioning> insert(String requestedBy) {
    return jdbc.sql(
            """
            INSERT INTO search.reprovisioning (id, requested_by) VALUES (?, ?)
            ON CONFLICT (only_one) DO NOTHING
            RETURNING id, start_date, requested_by""")
        .params(Ulid.next(), requestedBy)
        .query(ReprovisioningRepository::row)
        .optional();
  }

  public Optional<Reprovisioning> find() {
    return jdbc.sql("SELECT id, start_date, requested_by FROM search.reprovisioning")
        .query(ReprovisioningRepository::row)
        .optional();
  }

  public void delete() {
    jdbc.sql("DELETE FROM search.reprovisioning").update();
  }

  private static Reprovisioning row(ResultSet rs, int n) throws SQLException {
    return new Reprovisioning(
        rs.getString("id"),
        rs.getTimestamp("start_date").toInstant(),
        rs.getString("requested_by"));
  }
}
