package io.renku.authz;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The resources of one type on which one subject has one permission, in a form a repository can
 * join with: {@link Authorizer#readableSet}.
 *
 * <p>Two forms. {@link Ids} is the answer itself, read from the engine (SpiceDB's LookupResources).
 * {@link Query} is a {@code SELECT} of one text column over the relational store's {@code
 * authz.relationships}, for a repository to put under {@code IN (...)}; Postgres then evaluates the
 * schema's rule in the same statement as the repository's own filter. Either form may name an id
 * more than once; use it with {@code IN}, {@code EXISTS} or {@code DISTINCT}.
 *
 * <p>{@link #asQuery()} turns either form into a query, so a repository needs one code path.
 */
public sealed interface ResourceSet {

  /** This set as a query (an {@link Ids} set becomes an {@code unnest} of its ids). */
  Query asQuery();

  /** The ids themselves. */
  record Ids(List<String> ids) implements ResourceSet {
    public Ids {
      ids = List.copyOf(ids);
    }

    @Override
    public Query asQuery() {
      return new Query(
          "SELECT unnest(:" + Query.PREFIX + "ids::text[])",
          Map.of(Query.PREFIX + "ids", ids.toArray(String[]::new)));
    }
  }

  /**
   * A {@code SELECT} of resource ids (one text column) with named parameters, all of whose names
   * start with {@value #PREFIX}. To combine two sets with different parameter values in one
   * statement, {@link #renamed} one of them.
   */
  record Query(String select, Map<String, Object> params) implements ResourceSet {
    /** The prefix of every parameter name in a query built here. */
    public static final String PREFIX = "authz_";

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,30}");

    public Query {
      params = Map.copyOf(params);
    }

    @Override
    public Query asQuery() {
      return this;
    }

    /**
     * The same query with its parameters named {@code <prefix>_...} instead of {@code authz_...}.
     */
    public Query renamed(String prefix) {
      if (!NAME.matcher(prefix).matches()) {
        throw new IllegalArgumentException("invalid parameter prefix: " + prefix);
      }
      String to = prefix + "_";
      var renamed = new java.util.HashMap<String, Object>();
      params.forEach((k, v) -> renamed.put(to + k.substring(PREFIX.length()), v));
      return new Query(select.replace(":" + PREFIX, ":" + to), renamed);
    }
  }
}
