package io.renku.data.platform;

import io.renku.core.Page;
import io.renku.core.Paging;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code platform.url_redirects}. */
@Repository
public class RedirectRepository {
  private static final String SELECT =
      "SELECT id, source_url, target_url, updated_at FROM platform.url_redirects";

  private final JdbcClient jdbc;

  public RedirectRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Page<UrlRedirect> list(Paging paging) {
    long total = jdbc.sql("SELECT count(*) FROM platform.url_redirects").query(Long.class).single();
    var items =
        jdbc.sql(SELECT + " ORDER BY creation_date, id LIMIT ? OFFSET ?")
            .params(paging.perPage(), paging.offset())
            .query(RedirectRepository::map)
            .list();
    return new Page<>(items, paging, total);
  }

  public Optional<UrlRedirect> find(String sourceUrl, boolean forUpdate) {
    return jdbc.sql(SELECT + " WHERE source_url = ?" + (forUpdate ? " FOR UPDATE" : ""))
        .param(sourceUrl)
        .query(RedirectRepository::map)
        .optional();
  }

  /** The new plan, or empty when the source URL has one already (also one written meanwhile). */
  public Optional<UrlRedirect> insert(String id, String sourceUrl, String targetUrl) {
    return jdbc.sql(
            """
            INSERT INTO platform.url_redirects (id, source_url, target_url) VALUES (?, ?, ?)
            ON CONFLICT (source_url) DO NOTHING
            RETURNING id, source_url, target_url, updated_at""")
        .params(id, sourceUrl, targetUrl)
        .query(RedirectRepository::map)
        .optional();
  }

  public UrlRedirect updateTarget(String id, String targetUrl) {
    return jdbc.sql(
            """
            UPDATE platform.url_redirects SET target_url = ?,
              updated_at = greatest(clock_timestamp(), updated_at + interval '1 microsecond')
            WHERE id = ?
            RETURNING id, source_url, target_url, updated_at""")
        .params(targetUrl, id)
        .query(RedirectRepository::map)
        .single();
  }

  public void delete(String id) {
    jdbc.sql("DELETE FROM platform.url_redirects WHERE id = ?").param(id).update();
  }

  private static UrlRedirect map(ResultSet rs, int n) throws SQLException {
    return new UrlRedirect(
        rs.getString(1), rs.getString(2), rs.getString(3), rs.getObject(4, OffsetDateTime.class));
  }
}
