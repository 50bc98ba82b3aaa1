package io.renku.k8s.cache;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The Kubernetes object cache in Postgres: table {@code k8s_cache.objects} (see {@link
 * CacheSchema}). The watcher writes it, the data service reads it.
 *
 * <p>Writes are ordered by resource version: a change carrying a version older than the stored one
 * is ignored (it is stale), so late or repeated events cannot undo newer ones. Two versions compare
 * as numbers when both are integers, which is what the API server hands out; otherwise a change is
 * applied whenever it differs from the row. Writes of many objects go out as a few multi-row
 * statements (arrays unnested server-side), {@value #CHUNK} rows per statement, in one transaction,
 * with rows in key order so that concurrent writers cannot deadlock.
 *
 * <p>Every method throws {@link CacheStoreException} when the database cannot be reached or refuses
 * the statement; a failed write leaves the table as it was (the transaction is rolled back).
 * Methods are safe to call from several threads.
 */
public final class CacheStore {

  static final int CHUNK = 1000;

  private static final String COLUMNS =
      "cluster, api_group, version, kind, namespace, name, uid, resource_version,"
          + " user_id, project_id, launcher_id, manifest";

  private static final String UPSERT =
      """
      INSERT INTO k8s_cache.objects AS o
          (cluster, api_group, version, kind, namespace, name, uid, resource_version,
           user_id, project_id, launcher_id, manifest)
      SELECT c, g, v, k, ns, n, u, rv, usr, p, l, m::jsonb
        FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                    ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
             AS t(c, g, v, k, ns, n, u, rv, usr, p, l, m)
      ON CONFLICT (api_group, kind, namespace, name, cluster) DO UPDATE
         SET version = excluded.version, uid = excluded.uid,
             resource_version = excluded.resource_version, user_id = excluded.user_id,
             project_id = excluded.project_id, launcher_id = excluded.launcher_id,
             manifest = excluded.manifest, updated_at = now()
       WHERE coalesce(k8s_cache.rv_cmp(o.resource_version, excluded.resource_version) < ?, true)
         AND (o.version, o.uid, o.resource_version, o.user_id, o.project_id, o.launcher_id,
              o.manifest)
             IS DISTINCT FROM
             (excluded.version, excluded.uid, excluded.resource_version, excluded.user_id,
              excluded.project_id, excluded.launcher_id, excluded.manifest)
      RETURNING (xmax = 0) AS inserted
      """;

  private static final String DELETE =
      """
      DELETE FROM k8s_cache.objects o
       USING unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
             AS d(c, g, k, ns, n, rv)
       WHERE o.api_group = d.g AND o.kind = d.k AND o.namespace = d.ns AND o.name = d.n
         AND o.cluster = d.c
         AND (d.rv IS NULL OR coalesce(k8s_cache.rv_cmp(o.resource_version, d.rv) <= 0, true))
      """;

  private static final String DELETE_MISSING =
      """
      DELETE FROM k8s_cache.objects o
       WHERE o.api_group = ? AND o.kind = ? AND o.cluster = ?
         AND (?::text IS NULL OR o.namespace = ?)
         AND NOT EXISTS (SELECT 1 FROM unnest(?::text[], ?::text[]) AS s(ns, n)
                          WHERE s.ns = o.namespace AND s.n = o.name)
         AND (?::text IS NULL OR coalesce(k8s_cache.rv_cmp(o.resource_version, ?) <= 0, true))
      """;

  /** Events need a strictly newer version; a resync also rewrites a row of the same version. */
  private static final int NEWER = 0;

  private static final int NEWER_OR_SAME = 1;

  private static final Comparator<ObjectKey> KEY_ORDER =
      Comparator.comparing(ObjectKey::group)
          .thenComparing(ObjectKey::kind)
          .thenComparing(ObjectKey::namespace)
          .thenComparing(ObjectKey::name)
          .thenComparing(ObjectKey::cluster);

  private final DataSource dataSource;

  public CacheStore(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /**
   * Applies watch events in one transaction. Several events for one object collapse into the last
   * one, as the watch delivered them in order. An upsert older than (or as old as) the stored row
   * is ignored; a delete removes the row unless the row is newer than the deleted object (it was
   * re-created since).
   */
  public WriteCounts apply(Collection<CacheEvent> events) {
    if (events.isEmpty()) {
      return WriteCounts.NONE;
    }
    Map<ObjectKey, CacheEvent> last = new LinkedHashMap<>();
    for (CacheEvent event : events) {
      last.put(event.key(), event);
    }
    List<CachedObject> upserts = new ArrayList<>();
    List<Removal> deletes = new ArrayList<>();
    for (CacheEvent event : last.values()) {
      if (event.type() == CacheEvent.Type.UPSERT) {
        upserts.add(event.object());
      } else {
        deletes.add(new Removal(event.key(), event.object().resourceVersion()));
      }
    }
    int collapsed = events.size() - last.size();
    return inTransaction(
        "apply " + events.size() + " events",
        c -> {
          WriteCounts counts = upsertRows(c, upserts, NEWER).plus(deleteRows(c, deletes));
          return counts.plus(new WriteCounts(0, 0, 0, collapsed));
        });
  }

  /** Inserts the object or replaces an older version of it; see {@link #apply}. */
  public WriteCounts upsert(CachedObject object) {
    return apply(List.of(CacheEvent.upsert(object)));
  }

  /**
   * Removes the row of a deleted object, unless the row holds a newer version (the object was
   * re-created under the same name since).
   */
  public WriteCounts delete(CachedObject deleted) {
    return apply(List.of(CacheEvent.delete(deleted)));
  }

  /** Removes the row whatever its version; true if there was one. */
  public boolean delete(ObjectKey key) {
    return inTransaction("delete " + key, c -> deleteRows(c, List.of(new Removal(key, null))))
            .removed()
        > 0;
  }

  /**
   * Makes the cache hold exactly the snapshot for one cluster and kind, in one namespace (or in all
   * when {@code namespace} is null), in one transaction: rows missing from the snapshot are
   * removed, the snapshot's objects are inserted or, where the row differs and is not newer,
   * replaced. This repairs a cache that missed events. Rows newer than the snapshot's resource
   * version are kept, as the watch may have written them after the list was taken.
   *
   * @throws IllegalArgumentException if an object in the snapshot is of another cluster, kind or
   *     namespace
   */
  public WriteCounts replaceAll(
      String cluster, ResourceKind kind, String namespace, Snapshot snapshot) {
    for (CachedObject o : snapshot.objects()) {
      if (!o.cluster().equals(cluster)
          || !o.group().equals(kind.group())
          || !o.kind().equals(kind.kind())
          || (namespace != null && !o.namespace().equals(namespace))) {
        throw new IllegalArgumentException(
            "snapshot of " + kind + " in " + cluster + "/" + namespace + " holds " + o.key());
      }
    }
    // a list has each object once; should it not, the last one wins, as in apply
    Map<ObjectKey, CachedObject> unique = new LinkedHashMap<>();
    snapshot.objects().forEach(o -> unique.put(o.key(), o));
    List<CachedObject> objects = List.copyOf(unique.values());
    return inTransaction(
        "resync " + kind + " in " + cluster + "/" + (namespace == null ? "*" : namespace),
        c -> {
          WriteCounts written = upsertRows(c, objects, NEWER_OR_SAME);
          int removed;
          try (PreparedStatement ps = c.prepareStatement(DELETE_MISSING)) {
            ps.setString(1, kind.group());
            ps.setString(2, kind.kind());
            ps.setString(3, cluster);
            ps.setString(4, namespace);
            ps.setString(5, namespace);
            ps.setArray(6, textArray(c, objects, CachedObject::namespace));
            ps.setArray(7, textArray(c, objects, CachedObject::name));
            ps.setString(8, snapshot.resourceVersion());
            ps.setString(9, snapshot.resourceVersion());
            removed = ps.executeUpdate();
          }
          return written.plus(new WriteCounts(0, 0, removed, 0));
        });
  }

  /**
   * The object of this kind with this namespace and name, in whichever cluster holds it (if several
   * do, the first by cluster id). Session names include the cluster, so in practice there is at
   * most one.
   */
  public Optional<CachedObject> get(ResourceKind kind, String namespace, String name) {
    return query(
            "SELECT "
                + COLUMNS
                + " FROM k8s_cache.objects"
                + " WHERE api_group = ? AND kind = ? AND namespace = ? AND name = ?"
                + " ORDER BY cluster LIMIT 1",
            kind.group(),
            kind.kind(),
            namespace,
            name)
        .stream()
        .findFirst();
  }

  /** The object of this kind with this namespace and name in one cluster. */
  public Optional<CachedObject> get(
      String cluster, ResourceKind kind, String namespace, String name) {
    return query(
            "SELECT "
                + COLUMNS
                + " FROM k8s_cache.objects"
                + " WHERE api_group = ? AND kind = ? AND namespace = ? AND name = ?"
                + " AND cluster = ?",
            kind.group(),
            kind.kind(),
            namespace,
            name,
            cluster)
        .stream()
        .findFirst();
  }

  /** All objects of this kind owned by the user, in all clusters, by namespace and name. */
  public List<CachedObject> listByUser(ResourceKind kind, String userId) {
    return query(
        "SELECT "
            + COLUMNS
            + " FROM k8s_cache.objects"
            + " WHERE api_group = ? AND kind = ? AND user_id = ?"
            + " ORDER BY namespace, name, cluster",
        kind.group(),
        kind.kind(),
        userId);
  }

  private static WriteCounts upsertRows(Connection c, List<CachedObject> objects, int threshold)
      throws SQLException {
    List<CachedObject> sorted =
        objects.stream().sorted(Comparator.comparing(CachedObject::key, KEY_ORDER)).toList();
    int added = 0;
    int updated = 0;
    try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
      for (int from = 0; from < sorted.size(); from += CHUNK) {
        List<CachedObject> chunk = sorted.subList(from, Math.min(sorted.size(), from + CHUNK));
        int i = 1;
        ps.setArray(i++, textArray(c, chunk, CachedObject::cluster));
        ps.setArray(i++, textArray(c, chunk, CachedObject::group));
        ps.setArray(i++, textArray(c, chunk, CachedObject::version));
        ps.setArray(i++, textArray(c, chunk, CachedObject::kind));
        ps.setArray(i++, textArray(c, chunk, CachedObject::namespace));
        ps.setArray(i++, textArray(c, chunk, CachedObject::name));
        ps.setArray(i++, textArray(c, chunk, CachedObject::uid));
        ps.setArray(i++, textArray(c, chunk, CachedObject::resourceVersion));
        ps.setArray(i++, textArray(c, chunk, CachedObject::userId));
        ps.setArray(i++, textArray(c, chunk, CachedObject::projectId));
        ps.setArray(i++, textArray(c, chunk, CachedObject::launcherId));
        ps.setArray(i++, textArray(c, chunk, CachedObject::manifest));
        ps.setInt(i, threshold);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            if (rs.getBoolean(1)) {
              added++;
            } else {
              updated++;
            }
          }
        }
      }
    }
    return new WriteCounts(added, updated, 0, objects.size() - added - updated);
  }

  /** A row to delete, unless it is newer than {@code resourceVersion} (null: whatever it is). */
  private record Removal(ObjectKey key, String resourceVersion) {}

  private static WriteCounts deleteRows(Connection c, List<Removal> removals) throws SQLException {
    List<Removal> sorted =
        removals.stream().sorted(Comparator.comparing(Removal::key, KEY_ORDER)).toList();
    int removed = 0;
    try (PreparedStatement ps = c.prepareStatement(DELETE)) {
      for (int from = 0; from < sorted.size(); from += CHUNK) {
        List<Removal> chunk = sorted.subList(from, Math.min(sorted.size(), from + CHUNK));
        ps.setArray(1, textArray(c, chunk, r -> r.key().cluster()));
        ps.setArray(2, textArray(c, chunk, r -> r.key().group()));
        ps.setArray(3, textArray(c, chunk, r -> r.key().kind()));
        ps.setArray(4, textArray(c, chunk, r -> r.key().namespace()));
        ps.setArray(5, textArray(c, chunk, r -> r.key().name()));
        ps.setArray(6, textArray(c, chunk, Removal::resourceVersion));
        removed += ps.executeUpdate();
      }
    }
    return new WriteCounts(0, 0, removed, removals.size() - removed);
  }

  private static <T> Array textArray(Connection c, List<T> objects, Function<T, String> field)
      throws SQLException {
    String[] values = new String[objects.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = field.apply(objects.get(i));
    }
    return c.createArrayOf("text", values);
  }

  private List<CachedObject> query(String sql, String... params) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setString(i + 1, params[i]);
      }
      List<CachedObject> result = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.add(
              new CachedObject(
                  rs.getString("cluster"),
                  rs.getString("api_group"),
                  rs.getString("version"),
                  rs.getString("kind"),
                  rs.getString("namespace"),
                  rs.getString("name"),
                  rs.getString("uid"),
                  rs.getString("resource_version"),
                  rs.getString("user_id"),
                  rs.getString("project_id"),
                  rs.getString("launcher_id"),
                  rs.getString("manifest")));
        }
      }
      return result;
    } catch (SQLException e) {
      throw new CacheStoreException("cannot read k8s_cache.objects", e);
    }
  }

  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T inTransaction(String what, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw new CacheStoreException("cannot " + what + " in k8s_cache.objects", e);
    }
  }
}
