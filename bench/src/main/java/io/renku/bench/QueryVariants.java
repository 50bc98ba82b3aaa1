package io.renku.bench;

import io.renku.search.builder.Caller;
import io.renku.search.builder.PageRequest;
import io.renku.search.builder.SearchQueryBuilder;
import io.renku.search.query.QueryParser;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.SolrQuery;

/**
 * Where a search's time goes: the benchmark's queries as {@link SearchQueryBuilder} builds them,
 * sent straight to Solr, once with one client (the service time without queueing) and then with
 * parts left out (facets, fuzzy matching), each with the full number of clients. Not a change of
 * the platform's queries: a measurement of what each part costs, for the search module's choices.
 */
final class QueryVariants {
  private static final Pattern CONTENT_ALL = Pattern.compile("content_all:\\(([^)]*)\\)");

  private record Variant(String name, boolean oneClient, UnaryOperator<SolrQuery> change) {}

  private QueryVariants() {}

  static void run(
      SolrClient solr,
      Caller caller,
      List<String> groupPaths,
      int clients,
      int seconds,
      CpuMeter cpu)
      throws InterruptedException {
    SearchQueryBuilder builder = new SearchQueryBuilder(Clock.systemUTC());
    List<Variant> variants =
        List.of(
            new Variant("as built, 1 client", true, q -> q),
            new Variant("as built", false, q -> q),
            new Variant("no facets", false, QueryVariants::noFacets),
            new Variant("no fuzzy on content_all", false, QueryVariants::exactContentAll),
            new Variant("no fuzzy at all", false, QueryVariants::noFuzzy),
            new Variant("no fuzzy at all, no facets", false, q -> noFacets(noFuzzy(q))));
    for (Variant v : variants) {
      QueryLoad.Searcher searcher =
          q -> {
            SolrQuery sq =
                v.change()
                    .apply(
                        builder.build(QueryParser.parse(q), caller, PageRequest.first(), Map.of()));
            return solr.query(sq).getResults().getNumFound();
          };
      int n = v.oneClient() ? 1 : clients;
      QueryLoad load = new QueryLoad(searcher, groupPaths, n, cpu);
      load.run(3, seconds);
      load.print("VARIANT " + v.name() + " (" + n + " clients)", false);
    }
  }

  private static SolrQuery noFacets(SolrQuery q) {
    q.setFacet(false);
    return q;
  }

  private static SolrQuery noFuzzy(SolrQuery q) {
    q.setQuery(q.getQuery().replaceAll("~[12]", ""));
    return q;
  }

  private static SolrQuery exactContentAll(SolrQuery q) {
    Matcher m = CONTENT_ALL.matcher(q.getQuery());
    q.setQuery(
        m.replaceAll(
            r ->
                Matcher.quoteReplacement(
                    "content_all:(" + r.group(1).replaceAll("~[12]", "") + ")")));
    return q;
  }
}
