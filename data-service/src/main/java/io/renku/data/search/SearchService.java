package io.renku.data.search;

import io.renku.core.ApiUser;
import io.renku.core.RenkuException;
import io.renku.search.builder.Caller;
import io.renku.search.builder.PageRequest;
import io.renku.search.builder.SearchQueries;
import io.renku.search.builder.SearchResult;
import io.renku.search.query.QueryParser;
import io.renku.search.solr.DataConnectorDocument;
import io.renku.search.solr.GroupDocument;
import io.renku.search.solr.ProjectDocument;
import io.renku.search.solr.SearchDocument;
import io.renku.search.solr.UserDocument;
import java.io.IOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * {@code GET /search/query} and the reprovisioning requests. A search is the caller's (anonymous,
 * user or admin, by the token's admin role), parsed ({@link QueryParser} never fails), run by
 * {@link SearchQueries} with the caller's visibility filter, and completed with one more request
 * for the hits' namespaces and creators (and one for {@code include_counts}). Solr unreachable:
 * 503.
 */
@Service
public class SearchService {
  private final SearchIndexAccess index;
  private final ReprovisioningRepository reprovisioning;
  private final Clock clock;

  public SearchService(SearchIndexAccess index, ReprovisioningRepository reprovisioning) {
    this.index = index;
    this.reprovisioning = reprovisioning;
    this.clock = Clock.systemUTC();
  }

  public io.renku.api.data.model.SearchResult search(
      ApiUser user, String q, int page, int perPage, boolean includeCounts) {
    // the contract's bounds (the controller's validation answers first; this keeps them here too)
    if (page < 1) {
      throw RenkuException.validation("page", "must be greater than or equal to 1");
    }
    if (perPage < 1 || perPage > PageRequest.MAX_PER_PAGE) {
      throw RenkuException.validation(
          "per_page", "must be between 1 and " + PageRequest.MAX_PER_PAGE);
    }
    Caller caller = caller(user);
    SearchQueries queries = new SearchQueries(index.client(), clock);
    try {
      SearchResult result =
          queries.search(
              QueryParser.parse(q == null ? "" : q), caller, new PageRequest(page, perPage));
      return SearchHits.answer(result, related(queries, result, caller, includeCounts));
    } catch (IOException e) {
      throw RenkuException.unavailable(
          "The search index is not reachable right now; try again shortly.", e);
    }
  }

  static Caller caller(ApiUser user) {
    if (user.isAnonymous()) {
      return Caller.anonymous();
    }
    return user.admin() ? Caller.admin(user.id()) : Caller.user(user.id());
  }

  private static SearchHits.Related related(
      SearchQueries queries, SearchResult result, Caller caller, boolean includeCounts)
      throws IOException {
    Set<String> paths = new LinkedHashSet<>();
    Set<String> creators = new LinkedHashSet<>();
    Set<String> namespaces = new LinkedHashSet<>();
    for (SearchResult.Item item : result.items()) {
      switch (item.document()) {
        case ProjectDocument p -> {
          add(paths, p.namespacePath());
          add(creators, p.createdBy());
        }
        case DataConnectorDocument d -> {
          add(paths, d.namespacePath());
          add(creators, d.createdBy());
        }
        case UserDocument u -> namespaces.add(u.path());
        case GroupDocument g -> namespaces.add(g.path());
      }
    }
    Map<String, SearchDocument> byPath = new HashMap<>();
    Map<String, UserDocument> users = new HashMap<>();
    for (SearchDocument d : queries.namespacesAndUsers(paths, creators, caller)) {
      byPath.put(d.path(), d);
      if (d instanceof UserDocument u) {
        users.put(u.id(), u);
      }
    }
    return new SearchHits.Related(
        byPath, users, includeCounts ? queries.countsInNamespaces(namespaces, caller) : null);
  }

  private static void add(Set<String> set, String value) {
    if (value != null) {
      set.add(value);
    }
  }

  /** Asks for a rebuild of the index (admins): 409 when one is asked for or running. */
  public Reprovisioning startReprovisioning(ApiUser user) {
    user.requireAdmin();
    return reprovisioning
        .insert(user.id())
        .orElseThrow(
            () -> RenkuException.conflict("A rebuild of the search index is already running."));
  }

  /** The rebuild asked for or running (admins): 404 when there is none. */
  public Reprovisioning reprovisioning(ApiUser user) {
    user.requireAdmin();
    return reprovisioning
        .find()
        .orElseThrow(() -> RenkuException.notFound("No rebuild of the search index is running."));
  }

  /** Stops the rebuild (admins); nothing to do when there is none. */
  public void stopReprovisioning(ApiUser user) {
    user.requireAdmin();
    reprovisioning.delete();
  }
}
