package io.renku.search.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.renku.search.query.FieldTerm.CreatedByIs;
import io.renku.search.query.FieldTerm.CreatedIs;
import io.renku.search.query.FieldTerm.DirectMemberIs;
import io.renku.search.query.FieldTerm.DoiIs;
import io.renku.search.query.FieldTerm.IdIs;
import io.renku.search.query.FieldTerm.InheritedMemberIs;
import io.renku.search.query.FieldTerm.KeywordIs;
import io.renku.search.query.FieldTerm.NameIs;
import io.renku.search.query.FieldTerm.NamespaceIs;
import io.renku.search.query.FieldTerm.PublisherNameIs;
import io.renku.search.query.FieldTerm.RoleIs;
import io.renku.search.query.FieldTerm.SlugIs;
import io.renku.search.query.FieldTerm.TypeIs;
import io.renku.search.query.FieldTerm.VisibilityIs;
import io.renku.search.query.UserRef.UserId;
import io.renku.search.query.UserRef.Username;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QueryParserTest {

  private static Query q(Segment... segments) {
    return new Query(List.of(segments));
  }

  /** Parses, checks the expected model, the rendered text and that the rendering parses back. */
  private static void check(String input, String rendered, Segment... expected) {
    Query parsed = QueryParser.parse(input);
    assertThat(parsed).isEqualTo(q(expected));
    assertThat(parsed.render()).isEqualTo(rendered);
    assertThat(QueryParser.parse(parsed.render())).isEqualTo(parsed);
  }

  private static PartialDateTime date(int y, Integer m, Integer d) {
    return new PartialDateTime(y, m, d, null, null, null, false);
  }

  // ---- free text and structure

  @Test
  void emptyAndBlankQueriesHaveNoSegments() {
    check("", "");
    check("   \t\n ", "");
    assertThat(QueryParser.parse(null)).isEqualTo(Query.empty());
  }

  @Test
  void wordsAreOneFreeTextWithSingleSpaces() {
    check("  numpy   flight\t", "numpy flight", new Text("numpy flight"));
  }

  @Test
  void whatIsNoFieldTermIsText() {
    check("type:uu:ue:", "type:uu:ue:", new Text("type:uu:ue:"));
    check("name:", "name:", new Text("name:"));
    check("foo:bar", "foo:bar", new Text("foo:bar"));
    check(":bar", ":bar", new Text(":bar"));
    check("type:projectx", "type:projectx", new Text("type:projectx"));
    check("type:project,", "type:project,", new Text("type:project,"));
    check("keyword:\"\"", "keyword:\"\"", new Text("keyword:\"\""));
    check("name>x", "name>x", new Text("name>x"));
    check("keyword:\"a\"b", "keyword:\"a\"b", new Text("keyword:\"a\"b"));
  }

  @Test
  void textBetweenTermsStaysInPlace() {
    check(
        "created>today-7d some slug:\"bad slug\" text sort:score-asc",
        "created>today-7d some slug:\"bad slug\" text sort:score-asc",
        new CreatedIs(
            Comparison.GREATER_THAN,
            List.of(new DateCalc(RelativeDate.TODAY, DateCalc.Op.MINUS, 7))),
        new Text("some"),
        new SlugIs(List.of("bad slug")),
        new Text("text"),
        new Sort(List.of(new SortKey(SortField.SCORE, SortDirection.ASC))));
    check(
        "name:al hello world hello sort:score-desc",
        "name:al hello world hello sort:score-desc",
        new NameIs(List.of("al")),
        new Text("hello world hello"),
        new Sort(List.of(new SortKey(SortField.SCORE, SortDirection.DESC))));
  }

  @Test
  void aStrayQuoteInTextDoesNotSwallowTheRest() {
    check(
        "12\" vinyl type:project",
        "12\" vinyl type:Project",
        new Text("12\" vinyl"),
        new TypeIs(List.of(EntityType.PROJECT)));
    check(
        "keyword:\"data science type:project",
        "keyword:\"data science type:Project",
        new Text("keyword:\"data science"),
        new TypeIs(List.of(EntityType.PROJECT)));
  }

  @Test
  void quotedTextIsOneWord() {
    check("say \"hello  world\"", "say \"hello  world\"", new Text("say \"hello  world\""));
  }

  // ---- one test per field

  @Test
  void type() {
    check("type:project", "type:Project", new TypeIs(List.of(EntityType.PROJECT)));
    check(
        "TYPE:Project, group,USER,dataconnector",
        "type:Project,Group,User,DataConnector",
        new TypeIs(
            List.of(
                EntityType.PROJECT, EntityType.GROUP, EntityType.USER, EntityType.DATA_CONNECTOR)));
    check("type:project,project", "type:Project", new TypeIs(List.of(EntityType.PROJECT)));
    check("type:organisation", "type:organisation", new Text("type:organisation"));
  }

  @Test
  void id() {
    check("id:01HZ,\"a b\"", "id:01HZ,\"a b\"", new IdIs(List.of("01HZ", "a b")));
  }

  @Test
  void name() {
    check("name:test", "name:test", new NameIs(List.of("test")));
    check("Name:\"my project\"", "name:\"my project\"", new NameIs(List.of("my project")));
  }

  @Test
  void slug() {
    check("slug:my-project", "slug:my-project", new SlugIs(List.of("my-project")));
  }

  @Test
  void visibility() {
    check(
        "visibility:Public,PRIVATE",
        "visibility:public,private",
        new VisibilityIs(List.of(Visibility.PUBLIC, Visibility.PRIVATE)));
    check("visibility:internal", "visibility:internal", new Text("visibility:internal"));
  }

  @Test
  void created() {
    check(
        "created<today",
        "created<today",
        new CreatedIs(Comparison.LOWER_THAN, List.of(RelativeDate.TODAY)));
    check(
        "created>Yesterday",
        "created>yesterday",
        new CreatedIs(Comparison.GREATER_THAN, List.of(RelativeDate.YESTERDAY)));
    check(
        "created:2023-3,2023-06",
        "created:2023-03,2023-06",
        new CreatedIs(Comparison.EQUAL, List.of(date(2023, 3, null), date(2023, 6, null))));
    check(
        "created:2023-11-12T10:30:00z",
        "created:2023-11-12T10:30:00Z",
        new CreatedIs(
            Comparison.EQUAL, List.of(new PartialDateTime(2023, 11, 12, 10, 30, 0, true))));
    check("created:2023-02-30", "created:2023-02-30", new Text("created:2023-02-30"));
    check("created:2023-13", "created:2023-13", new Text("created:2023-13"));
    check("created:0999", "created:0999", new Text("created:0999"));
    check("created:2023T24", "created:2023T24", new Text("created:2023T24"));
    check("created:today+-10d", "created:today+-10d", new Text("created:today+-10d"));
    check("created:today-0d", "created:today-0d", new Text("created:today-0d"));
  }

  @Test
  void createdDateArithmetic() {
    check(
        "created:2022-05+10d,today-5d,yesterday/8D",
        "created:2022-05+10d,today-5d,yesterday/8d",
        new CreatedIs(
            Comparison.EQUAL,
            List.of(
                new DateCalc(date(2022, 5, null), DateCalc.Op.PLUS, 10),
                new DateCalc(RelativeDate.TODAY, DateCalc.Op.MINUS, 5),
                new DateCalc(RelativeDate.YESTERDAY, DateCalc.Op.AROUND, 8))));
    // a day count right after a month reads as the days, not as a day of the month
    check(
        "created<2022-05-15d",
        "created<2022-05-15d",
        new CreatedIs(
            Comparison.LOWER_THAN,
            List.of(new DateCalc(date(2022, 5, null), DateCalc.Op.MINUS, 15))));
    check(
        "created>2022-5-1-3d",
        "created>2022-05-01-3d",
        new CreatedIs(
            Comparison.GREATER_THAN,
            List.of(new DateCalc(date(2022, 5, 1), DateCalc.Op.MINUS, 3))));
  }

  @Test
  void createdBy() {
    check("createdBy:abc-123", "createdby:abc-123", new CreatedByIs(List.of("abc-123")));
  }

  @Test
  void role() {
    check(
        "role:owner,Editor, viewer",
        "role:owner,editor,viewer",
        new RoleIs(List.of(Role.OWNER, Role.EDITOR, Role.VIEWER)));
    check("role:admin", "role:admin", new Text("role:admin"));
  }

  @Test
  void keyword() {
    check(
        "keyword:\"data science\",ml keyword:health",
        "keyword:\"data science\",ml keyword:health",
        new KeywordIs(List.of("data science", "ml")),
        new KeywordIs(List.of("health")));
    check(
        "keyword:\"tl,dr\",\"a \\\"and\\\" b\",\"back\\\\slash\",\"odd\\x\"",
        "keyword:\"tl,dr\",\"a \\\"and\\\" b\",\"back\\\\slash\",\"odd\\\\x\"",
        new KeywordIs(List.of("tl,dr", "a \"and\" b", "back\\slash", "odd\\x")));
    // a value ending in a backslash must render with the backslash escaped to read back
    check("keyword:\"end\\\\\"", "keyword:\"end\\\\\"", new KeywordIs(List.of("end\\")));
  }

  @Test
  void namespace() {
    check("namespace:sdsc", "namespace:sdsc", new NamespaceIs(List.of("sdsc")));
  }

  @Test
  void directMember() {
    check(
        "direct_member:@John.Doe,123-456",
        "direct_member:@john.doe,123-456",
        new DirectMemberIs(List.of(new Username("john.doe"), new UserId("123-456"))));
    check("direct_member:@", "direct_member:@", new Text("direct_member:@"));
    check("direct_member:@---", "direct_member:@---", new Text("direct_member:@---"));
    check(
        "direct_member:\"@Jöhn Doe\"",
        "direct_member:@john-doe",
        new DirectMemberIs(List.of(new Username("john-doe"))));
  }

  @Test
  void inheritedMember() {
    check(
        "inherited_member:@hello,abc",
        "inherited_member:@hello,abc",
        new InheritedMemberIs(List.of(new Username("hello"), new UserId("abc"))));
  }

  @Test
  void doi() {
    check(
        "doi:10.16904/envidat.714",
        "doi:10.16904/envidat.714",
        new DoiIs(List.of("10.16904/envidat.714")));
  }

  @Test
  void publisherName() {
    check(
        "Publisher_Name:EnviDat",
        "publisher_name:EnviDat",
        new PublisherNameIs(List.of("EnviDat")));
  }

  @Test
  void sort() {
    check(
        "sort:name-desc",
        "sort:name-desc",
        new Sort(List.of(new SortKey(SortField.NAME, SortDirection.DESC))));
    check(
        "SORT:score-asc, Name-DESC",
        "sort:score-asc,name-desc",
        new Sort(
            List.of(
                new SortKey(SortField.SCORE, SortDirection.ASC),
                new SortKey(SortField.NAME, SortDirection.DESC))));
    check("sort:name", "sort:name", new Text("sort:name"));
    check("sort:name-", "sort:name-", new Text("sort:name-"));
    check("sort:name-abc", "sort:name-abc", new Text("sort:name-abc"));
    check("sort<name-asc", "sort<name-asc", new Text("sort<name-asc"));
  }

  @Test
  void sortTermsJoinIntoTheFirstInOrder() {
    Query query = QueryParser.parse("sort:score-desc foo sort:created-asc,score-asc");
    assertThat(query.render()).isEqualTo("sort:score-desc,created-asc foo");
    assertThat(query.sort())
        .containsExactly(
            new SortKey(SortField.SCORE, SortDirection.DESC),
            new SortKey(SortField.CREATED, SortDirection.ASC));
  }

  // ---- members: joined, at most four (the original's tests)

  @Test
  void memberTermsJoinIntoTheFirst() {
    check(
        "name:al hello  direct_member:@jane this world direct_member:@joe",
        "name:al hello direct_member:@jane,@joe this world",
        new NameIs(List.of("al")),
        new Text("hello"),
        new DirectMemberIs(List.of(new Username("jane"), new Username("joe"))),
        new Text("this world"));
  }

  @Test
  void atMostFourMembersDirectOnesFirst() {
    check(
        "name:al  direct_member:@jane hello direct_member:@joe,@jeff,123,456,@wuff",
        "name:al direct_member:@jane,@joe,@jeff,123 hello",
        new NameIs(List.of("al")),
        new DirectMemberIs(
            List.of(
                new Username("jane"),
                new Username("joe"),
                new Username("jeff"),
                new UserId("123"))),
        new Text("hello"));
    check(
        "inherited_member:@a,@b a direct_member:@c,@d,@e b",
        "inherited_member:@a a direct_member:@c,@d,@e b",
        new InheritedMemberIs(List.of(new Username("a"))),
        new Text("a"),
        new DirectMemberIs(List.of(new Username("c"), new Username("d"), new Username("e"))),
        new Text("b"));
    check(
        "inherited_member:@a a direct_member:@c,@d,@e,@f b",
        "a direct_member:@c,@d,@e,@f b",
        new Text("a"),
        new DirectMemberIs(
            List.of(new Username("c"), new Username("d"), new Username("e"), new Username("f"))),
        new Text("b"));
  }

  // ---- the examples of the reference (renku-ui-search-peers.md §2.6, renku-data-api.md §7.4)

  @Test
  void referenceExamples() {
    check("numpy flight", "numpy flight", new Text("numpy flight"));
    check(
        "numpy flight visibility:public,private",
        "numpy flight visibility:public,private",
        new Text("numpy flight"),
        new VisibilityIs(List.of(Visibility.PUBLIC, Visibility.PRIVATE)));
    check(
        "type:project keyword:\"data science\",ml keyword:health",
        "type:Project keyword:\"data science\",ml keyword:health",
        new TypeIs(List.of(EntityType.PROJECT)),
        new KeywordIs(List.of("data science", "ml")),
        new KeywordIs(List.of("health")));
    check(
        "type:project,dataconnector namespace:sdsc created>today-30d sort:created-desc",
        "type:Project,DataConnector namespace:sdsc created>today-30d sort:created-desc",
        new TypeIs(List.of(EntityType.PROJECT, EntityType.DATA_CONNECTOR)),
        new NamespaceIs(List.of("sdsc")),
        new CreatedIs(
            Comparison.GREATER_THAN,
            List.of(new DateCalc(RelativeDate.TODAY, DateCalc.Op.MINUS, 30))),
        new Sort(List.of(new SortKey(SortField.CREATED, SortDirection.DESC))));
    check(
        "role:owner,editor type:project",
        "role:owner,editor type:Project",
        new RoleIs(List.of(Role.OWNER, Role.EDITOR)),
        new TypeIs(List.of(EntityType.PROJECT)));
    check(
        "type:group direct_member:@john.doe",
        "type:Group direct_member:@john.doe",
        new TypeIs(List.of(EntityType.GROUP)),
        new DirectMemberIs(List.of(new Username("john.doe"))));
    check(
        "inherited_member:@jane,@joe",
        "inherited_member:@jane,@joe",
        new InheritedMemberIs(List.of(new Username("jane"), new Username("joe"))));
    check(
        "type:dataconnector doi:10.16904/envidat.714",
        "type:DataConnector doi:10.16904/envidat.714",
        new TypeIs(List.of(EntityType.DATA_CONNECTOR)),
        new DoiIs(List.of("10.16904/envidat.714")));
    check(
        "type:dataconnector publisher_name:EnviDat",
        "type:DataConnector publisher_name:EnviDat",
        new TypeIs(List.of(EntityType.DATA_CONNECTOR)),
        new PublisherNameIs(List.of("EnviDat")));
    check(
        "created:2024-01,2024-02 sort:name-asc",
        "created:2024-01,2024-02 sort:name-asc",
        new CreatedIs(Comparison.EQUAL, List.of(date(2024, 1, null), date(2024, 2, null))),
        new Sort(List.of(new SortKey(SortField.NAME, SortDirection.ASC))));
    check(
        "created:2023-05-01/14d",
        "created:2023-05-01/14d",
        new CreatedIs(
            Comparison.EQUAL, List.of(new DateCalc(date(2023, 5, 1), DateCalc.Op.AROUND, 14))));
    check(
        "created>today-7d",
        "created>today-7d",
        new CreatedIs(
            Comparison.GREATER_THAN,
            List.of(new DateCalc(RelativeDate.TODAY, DateCalc.Op.MINUS, 7))));
    check(
        "type:Project role:owner sort:created-desc",
        "type:Project role:owner sort:created-desc",
        new TypeIs(List.of(EntityType.PROJECT)),
        new RoleIs(List.of(Role.OWNER)),
        new Sort(List.of(new SortKey(SortField.CREATED, SortDirection.DESC))));
    check(
        "keyword:data,ml keyword:health,disease",
        "keyword:data,ml keyword:health,disease",
        new KeywordIs(List.of("data", "ml")),
        new KeywordIs(List.of("health", "disease")));
    check(
        "created>today-14d namespace:my-group",
        "created>today-14d namespace:my-group",
        new CreatedIs(
            Comparison.GREATER_THAN,
            List.of(new DateCalc(RelativeDate.TODAY, DateCalc.Op.MINUS, 14))),
        new NamespaceIs(List.of("my-group")));
    check(
        "inherited_member:@john.doe type:DataConnector",
        "inherited_member:@john.doe type:DataConnector",
        new InheritedMemberIs(List.of(new Username("john.doe"))),
        new TypeIs(List.of(EntityType.DATA_CONNECTOR)));
    check(
        "sort:score-desc,created-asc",
        "sort:score-desc,created-asc",
        new Sort(
            List.of(
                new SortKey(SortField.SCORE, SortDirection.DESC),
                new SortKey(SortField.CREATED, SortDirection.ASC))));
    assertThat(QueryParser.parse("sort:score-desc sort:created-asc"))
        .isEqualTo(QueryParser.parse("sort:score-desc,created-asc"));
  }

  @Test
  void everyEnumValueRendersToWhatReadsBack() {
    for (EntityType t : EntityType.values()) {
      Segment term = new TypeIs(List.of(t));
      assertThat(QueryParser.parse(term.render())).isEqualTo(q(term));
    }
    for (Visibility v : Visibility.values()) {
      Segment term = new VisibilityIs(List.of(v));
      assertThat(QueryParser.parse(term.render())).isEqualTo(q(term));
    }
    for (Role r : Role.values()) {
      Segment term = new RoleIs(List.of(r));
      assertThat(QueryParser.parse(term.render())).isEqualTo(q(term));
    }
    for (SortField f : SortField.values()) {
      for (SortDirection d : SortDirection.values()) {
        Segment term = new Sort(List.of(new SortKey(f, d)));
        assertThat(QueryParser.parse(term.render())).isEqualTo(q(term));
      }
    }
    for (Comparison c : Comparison.values()) {
      Segment term = new CreatedIs(c, List.of(RelativeDate.TODAY, date(2020, 2, 29)));
      assertThat(QueryParser.parse(term.render())).isEqualTo(q(term));
    }
  }

  @Test
  void aUsernameIsANormalizedSlug() {
    assertThat(Slugs.fromName("John  Doe")).contains("john-doe");
    assertThat(Slugs.fromName("__a..b--c.git")).contains("a.b-c");
    assertThat(Slugs.fromName("Émile.atom.git")).contains("emile");
    assertThat(Slugs.fromName("\u210Cello")).contains("hello");
    assertThat(Slugs.fromName("---")).isEmpty();
    assertThatThrownBy(() -> new Username("John")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new UserId("@john")).isInstanceOf(IllegalArgumentException.class);
  }

  // ---- accessors the query builder reads

  @Test
  void accessorsSummariseTheQuery() {
    Query query = QueryParser.parse("hello type:project,group world type:group,user x");
    assertThat(query.freeText()).isEqualTo("hello world x");
    assertThat(query.entityTypes()).contains(Set.of(EntityType.GROUP));
    assertThat(query.fieldTerms()).hasSize(2);
    assertThat(query.sort()).isEmpty();
    assertThat(QueryParser.parse("hello").entityTypes()).isEqualTo(Optional.empty());
  }
}
