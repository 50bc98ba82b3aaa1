package io.renku.data.search;

import io.renku.api.data.model.FacetData;
import io.renku.api.data.model.PageDef;
import io.renku.api.data.model.PageWithTotals;
import io.renku.api.data.model.SearchDataConnector;
import io.renku.api.data.model.SearchGroup;
import io.renku.api.data.model.SearchNamespaceGroup;
import io.renku.api.data.model.SearchNamespaceUser;
import io.renku.api.data.model.SearchProject;
import io.renku.api.data.model.SearchUser;
import io.renku.api.data.model.Visibility;
import io.renku.search.builder.SearchResult;
import io.renku.search.solr.DataConnectorDocument;
import io.renku.search.solr.EntityType;
import io.renku.search.solr.GroupDocument;
import io.renku.search.solr.ProjectDocument;
import io.renku.search.solr.SearchDocument;
import io.renku.search.solr.UserDocument;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Search documents as the original's answer: {@code SearchProject}, {@code SearchUser}, {@code
 * SearchGroup}, {@code SearchDataConnector} with their field names ({@code createdBy}, {@code
 * creationDate}, {@code firstName}, {@code storageType}, ...), a project's or connector's {@code
 * namespace} and {@code createdBy} filled from the documents of {@link Related}.
 */
final class SearchHits {
  private SearchHits() {}

  /**
   * The documents the hits refer to: namespaces by path, users by id, and per namespace path the
   * readable projects and connectors in it ({@code include_counts}; null when not asked for).
   */
  record Related(
      Map<String, SearchDocument> namespaces,
      Map<String, UserDocument> users,
      Map<String, Map<EntityType, Long>> counts) {
    static final Related NONE = new Related(Map.of(), Map.of(), null);
  }

  static io.renku.api.data.model.SearchResult answer(SearchResult result, Related related) {
    List<Object> items = new ArrayList<>();
    for (SearchResult.Item item : result.items()) {
      items.add(hit(item.document(), (double) item.score(), related));
    }
    SearchResult.PagingInfo p = result.pagingInfo();
    PageWithTotals paging =
        new PageWithTotals(
                new PageDef(p.perPage(), clamp(p.offset())), p.totalResult(), clamp(p.totalPages()))
            .prevPage(p.prevPage())
            .nextPage(p.nextPage());
    FacetData facets =
        new FacetData(ints(result.facets().entityType()), ints(result.facets().keywords()));
    return new io.renku.api.data.model.SearchResult(items, facets, paging);
  }

  private static Object hit(SearchDocument doc, Double score, Related related) {
    return switch (doc) {
      case UserDocument u -> {
        SearchUser user =
            new SearchUser(u.id(), u.path(), u.slug(), SearchUser.TypeEnum.USER)
                .firstName(u.firstName())
                .lastName(u.lastName())
                .score(score);
        if (related.counts() != null) {
          Map<EntityType, Long> c = related.counts().getOrDefault(u.path(), Map.of());
          user.projectCount(count(c, EntityType.PROJECT))
              .dataConnectorCount(count(c, EntityType.DATA_CONNECTOR));
        }
        yield user;
      }
      case GroupDocument g -> {
        SearchGroup group =
            new SearchGroup(g.id(), g.path(), g.slug(), g.name(), SearchGroup.TypeEnum.GROUP)
                .description(g.description())
                .score(score);
        if (related.counts() != null) {
          Map<EntityType, Long> c = related.counts().getOrDefault(g.path(), Map.of());
          group
              .projectCount(count(c, EntityType.PROJECT))
              .dataConnectorCount(count(c, EntityType.DATA_CONNECTOR));
        }
        yield group;
      }
      case ProjectDocument p -> project(p, score, related);
      case DataConnectorDocument d ->
          new SearchDataConnector(
                  d.id(),
                  d.storageType(),
                  d.readonly(),
                  d.name(),
                  d.slug(),
                  d.path(),
                  visibility(d.visibility()),
                  date(d.creationDate()),
                  SearchDataConnector.TypeEnum.DATA_CONNECTOR)
              .namespace(namespace(d.namespacePath(), related, true))
              .description(d.description())
              .createdBy(creator(d.createdBy(), related))
              .keywords(new ArrayList<>(d.keywords()))
              .score(score);
    };
  }

  private static SearchProject project(ProjectDocument p, Double score, Related related) {
    return new SearchProject(
            p.id(),
            p.name(),
            p.slug(),
            p.path(),
            visibility(p.visibility()),
            date(p.creationDate()),
            SearchProject.TypeEnum.PROJECT)
        .namespace(namespace(p.namespacePath(), related, false))
        .repositories(new ArrayList<>(p.repositories()))
        .description(p.description())
        .createdBy(creator(p.createdBy(), related))
        .keywords(new ArrayList<>(p.keywords()))
        .score(score);
  }

  /**
   * The user or group (for a connector also the project) at {@code path}; null when there is none
   * the caller may read (a global connector, or a private project).
   */
  private static Object namespace(String path, Related related, boolean projects) {
    if (path == null) {
      return null;
    }
    return switch (related.namespaces().get(path)) {
      case UserDocument u -> namespaceUser(u);
      case GroupDocument g ->
          new SearchNamespaceGroup(
                  g.id(), g.name(), g.path(), g.slug(), SearchNamespaceGroup.TypeEnum.GROUP)
              .description(g.description());
      // the namespace's own namespace and creator are not fetched (the original's neither)
      case ProjectDocument p when projects -> project(p, null, Related.NONE);
      case null, default -> null;
    };
  }

  private static SearchNamespaceUser creator(String id, Related related) {
    UserDocument u = id == null ? null : related.users().get(id);
    return u == null ? null : namespaceUser(u);
  }

  private static SearchNamespaceUser namespaceUser(UserDocument u) {
    return new SearchNamespaceUser(u.id(), u.path(), u.slug(), SearchNamespaceUser.TypeEnum.USER)
        .firstName(u.firstName())
        .lastName(u.lastName());
  }

  private static Visibility visibility(io.renku.search.solr.Visibility v) {
    return Visibility.fromValue(v.solrName());
  }

  private static OffsetDateTime date(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  private static Integer count(Map<EntityType, Long> counts, EntityType type) {
    return clamp(counts.getOrDefault(type, 0L));
  }

  private static Map<String, Integer> ints(Map<String, Long> counts) {
    Map<String, Integer> out = new LinkedHashMap<>();
    counts.forEach((k, v) -> out.put(k, clamp(v)));
    return out;
  }

  private static int clamp(long value) {
    return (int) Math.min(value, Integer.MAX_VALUE);
  }
}
