package io.renku.search.solr;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.request.schema.SchemaRequest;
import org.apache.solr.common.SolrInputDocument;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every Solr the platform talks to must have, run against the embedded server and
 * against a real Solr over HTTP. Each subclass starts its Solr once for the class; tests use fresh
 * ids and words so they do not see each other's documents.
 */
abstract class SolrIndexContract {
  static final Duration COMMIT_WITHIN = Duration.ofMillis(500);

  abstract SolrClient solr();

  SolrIndex index() {
    return new SolrIndex(solr(), COMMIT_WITHIN);
  }

  static String fresh(String prefix) {
    return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  static final Instant CREATED = Instant.parse("2025-03-04T05:06:07Z");

  static ProjectDocument project(String ns, String slug, String name, Visibility v, Members m) {
    return new ProjectDocument(
        fresh("p"), slug, name, ns, v, "creator1", CREATED, List.of(), null, List.of(), m);
  }

  @Test
  void schemaAppliedAgainIsANoOp() throws Exception {
    // the subclass applied it once when it started Solr
    int fieldsBefore = new SchemaRequest.Fields().process(solr()).getFields().size();
    SolrSchema.Result again = SolrSchema.apply(solr());
    assertThat(again.commandsRun()).isZero();
    assertThat(again.fromVersion()).isEqualTo(SolrSchema.latestVersion());
    assertThat(again.reindexNeeded()).isFalse();
    assertThat(new SchemaRequest.Fields().process(solr()).getFields()).hasSize(fieldsBefore);
  }

  @Test
  void schemaHasTheOriginalsFieldsAndCopyFields() throws Exception {
    List<String> fields =
        new SchemaRequest.Fields()
            .process(solr()).getFields().stream().map(f -> (String) f.get("name")).toList();
    assertThat(fields)
        .contains(
            "_type",
            "id",
            "name",
            "slug",
            "path",
            "namespacePath",
            "visibility",
            "createdBy",
            "creationDate",
            "description",
            "keywords",
            "repositories",
            "firstName",
            "lastName",
            "content_all",
            "nameKeyword",
            "doi",
            "publisherName",
            "readers",
            "owners");
    List<String> copies =
        new SchemaRequest.CopyFields()
            .process(solr()).getCopyFields().stream()
                .map(c -> c.get("source") + "->" + c.get("dest"))
                .toList();
    assertThat(copies)
        .contains(
            "name->content_all",
            "description->content_all",
            "keywords->content_all",
            "firstName->content_all",
            "name->nameKeyword",
            "doi->content_all");
    assertThat(SolrSchema.currentVersion(solr())).isEqualTo(SolrSchema.latestVersion());
  }

  @Test
  void documentsRoundTrip() throws Exception {
    String ns = fresh("ns");
    Members members = new Members(Set.of("u1"), Set.of("u2"), Set.of("u3"), Set.of("u1", "g1"));
    var user = new UserDocument(fresh("u"), ns, "Ada", "Lovelace");
    var group = new GroupDocument(fresh("g"), fresh("grp"), "A group", "about things", members);
    var project =
        new ProjectDocument(
            fresh("p"),
            "proj",
            "My Project",
            ns,
            Visibility.PRIVATE,
            "u1",
            CREATED,
            List.of("https://example.org/r.git"),
            "desc",
            List.of("z", "a"),
            members);
    var connector =
        new DataConnectorDocument(
            fresh("d"),
            "dc",
            "Data",
            ns + "/proj",
            "s3",
            true,
            Visibility.PUBLIC,
            "u1",
            CREATED,
            null,
            List.of("k"),
            "10.1/x",
            "Pub",
            Members.NONE);
    var global =
        new DataConnectorDocument(
            fresh("d"),
            "global-dc",
            "Global",
            null,
            "doi",
            true,
            Visibility.PUBLIC,
            "u1",
            CREATED,
            "d",
            List.of(),
            "10.2/y",
            null,
            Members.NONE);
    SolrIndex index = index();
    index.upsert(List.of(user, group, project, connector, global));
    index.commit();
    for (SearchDocument d : List.of(user, group, project, connector, global)) {
      assertThat(index.get(d.id())).isEqualTo(d);
    }
    assertThat(project.keywords()).containsExactly("a", "z");
    assertThat(connector.path()).isEqualTo(ns + "/proj/dc");
    assertThat(global.path()).isEqualTo("global-dc");
    SolrInputDocument rendered = project.toSolr();
    assertThat(rendered.getFieldValue("_type")).isEqualTo("Project");
    assertThat(rendered.getFieldValue("_kind")).isEqualTo("fullentity");
    assertThat(rendered.getFieldValue("path")).isEqualTo(ns + "/proj");
    assertThat(rendered.getFieldValues("readers")).containsExactly("u1", "u2", "u3");
  }

  @Test
  void freeTextFindsByCopyFieldsAndFilterRestricts() throws Exception {
    String word = fresh("w");
    String ns = fresh("ns");
    var open = project(ns, "open", "Open " + word, Visibility.PUBLIC, Members.NONE);
    var closed =
        project(
            ns,
            "closed",
            "Closed " + word,
            Visibility.PRIVATE,
            new Members(Set.of("alice"), Set.of(), Set.of(), Set.of("alice")));
    var described =
        new ProjectDocument(
            fresh("p"),
            "other",
            "Other",
            ns,
            Visibility.PUBLIC,
            "c",
            CREATED,
            List.of(),
            "mentions " + word + " in the text",
            List.of(),
            Members.NONE);
    var user = new UserDocument(fresh("u"), fresh("user"), word, "Smith");
    SolrIndex index = index();
    index.upsert(List.of(open, closed, described, user));
    index.commit();

    assertThat(ids(index.search(word, null, 0, 10)))
        .containsExactlyInAnyOrder(open.id(), closed.id(), described.id(), user.id());
    assertThat(ids(index.search(word, "visibility:public", 0, 10)))
        .containsExactlyInAnyOrder(open.id(), described.id(), user.id());
    assertThat(ids(index.search(word, "visibility:public OR readers:alice", 0, 10)))
        .contains(closed.id());
    assertThat(ids(index.search(word, "visibility:public OR readers:bob", 0, 10)))
        .doesNotContain(closed.id());
    // the name boost of the original is for the query builder; here: both words must match
    assertThat(ids(index.search("Closed " + word, null, 0, 10))).containsExactly(closed.id());

    SolrIndex.Page first = index.search(word, null, 0, 3);
    SolrIndex.Page rest = index.search(word, null, 3, 3);
    assertThat(first.total()).isEqualTo(4);
    assertThat(first.hits()).hasSize(3);
    assertThat(rest.hits()).hasSize(1);
    assertThat(first.hits().getFirst().score()).isPositive();
    assertThat(rest.hits().getFirst().type()).isNotNull();
  }

  @Test
  void deleteByIdRemovesTheDocument() throws Exception {
    String word = fresh("w");
    var a = project(fresh("ns"), "a", word, Visibility.PUBLIC, Members.NONE);
    var b = project(fresh("ns"), "b", word, Visibility.PUBLIC, Members.NONE);
    SolrIndex index = index();
    index.upsert(List.of(a, b));
    index.commit();
    index.delete(List.of(a.id(), "no-such-id"));
    index.commit();
    assertThat(ids(index.search(word, null, 0, 10))).containsExactly(b.id());
    assertThat(index.get(a.id())).isNull();
  }

  @Test
  void deleteUnderNamespaceRemovesChildrenOnly() throws Exception {
    String word = fresh("w");
    String ns = fresh("ns");
    var group = new GroupDocument(fresh("g"), ns, word, null, Members.NONE);
    var inside = project(ns, "p", word, Visibility.PUBLIC, Members.NONE);
    var connectorOfProject =
        new DataConnectorDocument(
            fresh("d"),
            "dc",
            word,
            ns + "/p",
            "s3",
            false,
            Visibility.PUBLIC,
            "u",
            CREATED,
            null,
            List.of(),
            null,
            null,
            Members.NONE);
    var sibling = project(ns + "x", "p", word, Visibility.PUBLIC, Members.NONE);
    SolrIndex index = index();
    index.upsert(List.of(group, inside, connectorOfProject, sibling));
    index.commit();
    index.deleteUnderNamespace(ns);
    index.commit();
    assertThat(ids(index.search(word, null, 0, 10)))
        .containsExactlyInAnyOrder(group.id(), sibling.id());
  }

  @Test
  void upsertReplacesByIdAndIsSearchableWithinTheCommitBound() throws Exception {
    String before = fresh("w");
    String after = fresh("w");
    var doc = project(fresh("ns"), "p", before, Visibility.PUBLIC, Members.NONE);
    SolrIndex index = index();
    index.upsert(List.of(doc));
    long start = System.nanoTime();
    awaitHits(index, before, 1);
    var renamed =
        new ProjectDocument(
            doc.id(),
            doc.slug(),
            after,
            doc.namespacePath(),
            doc.visibility(),
            doc.createdBy(),
            doc.creationDate(),
            doc.repositories(),
            doc.description(),
            doc.keywords(),
            doc.members());
    index.upsert(List.of(renamed));
    awaitHits(index, after, 1);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(index.search(before, null, 0, 10).total()).isZero();
    // two changes, each within the bound, plus slack for a loaded CI machine
    assertThat(took).isLessThan(COMMIT_WITHIN.multipliedBy(2).plusSeconds(3));
  }

  private static void awaitHits(SolrIndex index, String word, long n) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (index.search(word, null, 0, 1).total() != n) {
      assertThat(System.nanoTime()).as("searchable in time").isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  private static List<String> ids(SolrIndex.Page page) {
    return page.hits().stream().map(SolrIndex.Hit::id).toList();
  }
}
