package io.renku.search.builder;

import io.renku.search.solr.DataConnectorDocument;
import io.renku.search.solr.GroupDocument;
import io.renku.search.solr.Members;
import io.renku.search.solr.ProjectDocument;
import io.renku.search.solr.SearchDocument;
import io.renku.search.solr.SolrClients;
import io.renku.search.solr.SolrIndex;
import io.renku.search.solr.SolrSchema;
import io.renku.search.solr.UserDocument;
import io.renku.search.solr.Visibility;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.apache.solr.client.solrj.SolrClient;

/**
 * A small world for the query builder's tests, on an embedded Solr: three users, a group, projects
 * and data connectors with keywords, dates, members and both visibilities. "Now" is fixed.
 */
final class SearchFixture {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2024-02-01T12:00:00Z"), ZoneOffset.UTC);

  static final String ALICE = "u-alice";
  static final String BOB = "u-bob";
  static final String CAROL = "u-carol";
  static final String GROUP = "g-sdsc";

  static final UserDocument U_ALICE = new UserDocument(ALICE, "alice", "Alice", "Liddell");
  static final UserDocument U_BOB = new UserDocument(BOB, "bob", "Bob", "Builder");
  static final UserDocument U_CAROL = new UserDocument(CAROL, "carol", "Carol", "Stranger");

  /** Alice owns the group, Bob is a viewer of it. */
  static final GroupDocument G_SDSC =
      new GroupDocument(
          GROUP,
          "sdsc",
          "Swiss Data Science Center",
          "the group",
          new Members(Set.of(ALICE), Set.of(), Set.of(BOB), Set.of(ALICE, BOB)));

  /** Public, in the group: Alice owner and Bob viewer through the group, owned by the group. */
  static final ProjectDocument P1 =
      project(
          "p1",
          "sdsc",
          "flight-numpy",
          "Flight Numpy Analysis",
          Visibility.PUBLIC,
          "2023-03-15T10:00:00Z",
          List.of("data science", "ml"),
          new Members(Set.of(ALICE), Set.of(), Set.of(BOB), Set.of(GROUP)));

  /** Private, Alice's own. */
  static final ProjectDocument P2 =
      project(
          "p2",
          "alice",
          "secret",
          "Secret Health Study",
          Visibility.PRIVATE,
          "2023-04-20T08:00:00Z",
          List.of("health", "ml"),
          new Members(Set.of(ALICE), Set.of(), Set.of(), Set.of(ALICE)));

  /** Private, in the group: Alice owner through the group, Bob editor directly. */
  static final ProjectDocument P3 =
      project(
          "p3",
          "sdsc",
          "internal",
          "Internal Tools",
          Visibility.PRIVATE,
          "2024-01-20T09:00:00Z",
          List.of("tools"),
          new Members(Set.of(ALICE), Set.of(BOB), Set.of(), Set.of(GROUP, BOB)));

  /** Public, Bob's own, created three days before "now". */
  static final ProjectDocument P4 =
      project(
          "p4",
          "bob",
          "bobs-numpy",
          "Bobs Numpy",
          Visibility.PUBLIC,
          "2024-01-29T09:00:00Z",
          List.of("disease", "ml"),
          new Members(Set.of(BOB), Set.of(), Set.of(), Set.of(BOB)));

  /** Public, in a namespace whose path only starts like the group's. */
  static final ProjectDocument P5 =
      project(
          "p5",
          "sdsc-other",
          "lookalike",
          "Lookalike",
          Visibility.PUBLIC,
          "2023-06-01T00:00:00Z",
          List.of(),
          new Members(Set.of(CAROL), Set.of(), Set.of(), Set.of(CAROL)));

  /** Global, public, from a DOI. */
  static final DataConnectorDocument DC1 =
      new DataConnectorDocument(
          "dc1",
          "envidat-714",
          "EnviDat snow data",
          null,
          "doi",
          true,
          Visibility.PUBLIC,
          ALICE,
          Instant.parse("2023-12-01T00:00:00Z"),
          null,
          List.of(),
          "10.16904/envidat.714",
          "EnviDat",
          Members.NONE);

  /** Private, in project p3: Alice owner and Bob editor inherited. */
  static final DataConnectorDocument DC2 =
      new DataConnectorDocument(
          "dc2",
          "bucket",
          "Internal Bucket",
          "sdsc/internal",
          "s3",
          false,
          Visibility.PRIVATE,
          ALICE,
          Instant.parse("2024-01-25T00:00:00Z"),
          "raw data",
          List.of("tools"),
          null,
          null,
          new Members(Set.of(ALICE), Set.of(BOB), Set.of(), Set.of()));

  static final List<SearchDocument> ALL =
      List.of(U_ALICE, U_BOB, U_CAROL, G_SDSC, P1, P2, P3, P4, P5, DC1, DC2);

  private SearchFixture() {}

  static SolrClient startSolr(String prefix) throws Exception {
    SolrClient solr = SolrClients.embedded(Files.createTempDirectory(prefix), "renku-search");
    SolrSchema.apply(solr);
    return solr;
  }

  static void load(SolrClient solr, List<? extends SearchDocument> docs) throws Exception {
    SolrIndex index = new SolrIndex(solr, Duration.ofSeconds(1));
    index.upsert(docs);
    index.commit();
  }

  static ProjectDocument project(
      String id,
      String ns,
      String slug,
      String name,
      Visibility v,
      String created,
      List<String> keywords,
      Members members) {
    return new ProjectDocument(
        id,
        slug,
        name,
        ns,
        v,
        members.owners().stream().sorted().findFirst().orElseThrow(), // the creator
        Instant.parse(created),
        List.of(),
        "about " + name,
        keywords,
        members);
  }
}
