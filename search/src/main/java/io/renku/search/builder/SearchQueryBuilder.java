package io.renku.search.builder;

import static io.renku.search.builder.SolrSyntax.NOTHING;
import static io.renku.search.builder.SolrSyntax.allOf;
import static io.renku.search.builder.SolrSyntax.anyOf;
import static io.renku.search.builder.SolrSyntax.is;
import static io.renku.search.builder.SolrSyntax.isAny;
import static io.renku.search.builder.SolrSyntax.phrase;
import static io.renku.search.builder.SolrSyntax.term;

import io.renku.search.query.DateRange;
import io.renku.search.query.DateRef;
import io.renku.search.query.FieldTerm;
import io.renku.search.query.Query;
import io.renku.search.query.Role;
import io.renku.search.query.SortDirection;
import io.renku.search.query.SortKey;
import io.renku.search.query.UserRef;
import io.renku.search.solr.SolrFields;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.solr.client.solrj.SolrQuery;

/**
 * Turns a parsed {@link Query}, the caller and the page into a Solr query (decision 0037). Free
 * text is the scored main query; every field term is a filter query (values OR, terms AND); the
 * visibility filter is always added. Values reach Solr only escaped and quoted, so no query text
 * produces a Solr syntax error. Pure: usernames of member terms are resolved beforehand ({@link
 * SearchQueries} does it) and handed in.
 */
public final class SearchQueryBuilder {

  /**
   * Free text beyond this many words is ignored. Lucene refuses a query of more than 1024 clauses,
   * counting what fuzzy words expand to (up to 50 terms per word and field) and the tokens of
   * phrases; see {@link #MAX_FUZZY_WORDS} and {@link #MAX_TEXT_CHARS} for the rest of the bound.
   */
  public static final int MAX_WORDS = 32;

  /**
   * Only the first words are fuzzy (each costs up to 2 x 50 clauses), later ones exact: 500 clauses
   * at most.
   */
  public static final int MAX_FUZZY_WORDS = 5;

  /**
   * Free text beyond this many characters is ignored: a word of letters between punctuation or of
   * ideographs is one token per character or two, each a clause in two fields: 400 at most.
   */
  public static final int MAX_TEXT_CHARS = 200;

  /**
   * A query whose field terms need more clauses than this matches nothing rather than risking
   * Lucene's clause limit (only absurd queries get there: hundreds of values).
   */
  public static final int MAX_FILTER_CLAUSES = 512;

  /** Longer words are matched exactly, not fuzzily: a fuzzy automaton of a long term is costly. */
  static final int MAX_FUZZY_LENGTH = 40;

  /** The longest name a project, group or data connector can have (the API's limit). */
  public static final int MAX_NAME_LENGTH = 99;

  /** The longest namespace path: a group, a project and a slack (slugs have at most 99). */
  public static final int MAX_PATH_LENGTH = 300;

  /** Keyword facet size: the most frequent keywords over all matches. */
  public static final int KEYWORD_FACETS = 100;

  // DatePointField stores years 0..9999 in the ISO form Solr reads back; clamp calculations there
  private static final Instant MIN_DATE = Instant.parse("0000-01-01T00:00:00Z");
  private static final Instant MAX_DATE = Instant.parse("9999-12-31T23:59:59Z");

  private final Clock clock;

  /** {@code clock}: "now" for {@code today}, {@code yesterday}; its zone reads dates without Z. */
  public SearchQueryBuilder(Clock clock) {
    this.clock = clock;
  }

  /** The usernames ({@code @slug}) the member terms of the query name, to resolve to user ids. */
  public static Set<String> usernames(Query query) {
    Set<String> names = new LinkedHashSet<>();
    for (FieldTerm term : query.fieldTerms()) {
      List<UserRef> users =
          switch (term) {
            case FieldTerm.DirectMemberIs d -> d.users();
            case FieldTerm.InheritedMemberIs i -> i.users();
            default -> List.of();
          };
      for (UserRef u : users) {
        if (u instanceof UserRef.Username(String slug)) {
          names.add(slug);
        }
      }
    }
    return names;
  }

  /**
   * The Solr query. {@code userIds}: username slug to user id for the usernames of {@link
   * #usernames}; a username missing there is no user, and its term matches nothing.
   */
  public SolrQuery build(
      Query query, Caller caller, PageRequest page, Map<String, String> userIds) {
    return build(query, caller, page, userIds, Set.of());
  }

  /**
   * As {@link #build(Query, Caller, PageRequest, Map)}, with the words of {@link #fuzzyWords} that
   * documents the caller may read hold as they are ({@code exactWords}, from {@link #wordCounts}):
   * those are matched exactly, not fuzzily. Fuzzy matching is there for typos; a word found as
   * typed needs none, and its fuzzy expansion (up to 50 terms over two fields) was four fifths of a
   * query's cost (bench/README.md, "Search").
   */
  public SolrQuery build(
      Query query,
      Caller caller,
      PageRequest page,
      Map<String, String> userIds,
      Set<String> exactWords) {
    SolrQuery q = new SolrQuery();
    q.setQuery(freeText(query.freeText(), exactWords));
    q.addFilterQuery(SolrFields.TYPE + ":*"); // entity documents only, not the schema version
    String visibility = visibilityFilter(caller);
    if (visibility != null) {
      q.addFilterQuery(visibility);
    }
    List<String> filters = new ArrayList<>();
    int clauses = 0;
    for (FieldTerm term : query.fieldTerms()) {
      String filter = filter(term, caller, userIds);
      clauses += clauseCount(term);
      filters.add(filter);
    }
    if (clauses > MAX_FILTER_CLAUSES) {
      q.addFilterQuery(NOTHING);
    } else {
      filters.forEach(q::addFilterQuery);
    }

    for (SortKey key : query.sort()) {
      String field = sortField(key);
      if (!field.equals(SolrFields.SCORE)) {
        // users have no name and no creation date, groups no date: they come after the others
        // in both directions (Solr would put them first when ascending)
        q.addSort("if(exists(" + field + "),0,1)", SolrQuery.ORDER.asc);
      }
      q.addSort(
          field, key.direction() == SortDirection.ASC ? SolrQuery.ORDER.asc : SolrQuery.ORDER.desc);
    }
    if (query.sort().isEmpty()) {
      q.addSort(SolrFields.SCORE, SolrQuery.ORDER.desc);
    }
    q.addSort(SolrFields.ID, SolrQuery.ORDER.asc); // a stable order across pages

    q.setFields("*", SolrFields.SCORE);
    if (page.fetched()) {
      q.setStart(Math.toIntExact(page.offset()));
      q.setRows(page.perPage());
    } else {
      q.setStart(0);
      q.setRows(0);
    }

    q.setFacet(true);
    q.addFacetField(SolrFields.TYPE, SolrFields.KEYWORDS);
    q.setFacetMinCount(1);
    q.set("f." + SolrFields.TYPE + ".facet.limit", -1);
    q.set("f." + SolrFields.KEYWORDS + ".facet.limit", KEYWORD_FACETS);
    return q;
  }

  /**
   * Anonymous: public only; a user: public or the user among the readers; an admin: no filter.
   * Users and groups are stored as public, so everyone finds them.
   */
  static String visibilityFilter(Caller caller) {
    String publicOnly = SolrFields.VISIBILITY + ":public";
    return switch (caller) {
      case Caller.Anonymous a -> publicOnly;
      case Caller.User(String id) -> "(" + publicOnly + " OR " + is(SolrFields.READERS, id) + ")";
      case Caller.Admin a -> null;
    };
  }

  /**
   * Each word fuzzily (see {@link #fuzzy}) over {@code content_all} and, boosted, over {@code
   * name}; the whole text exactly over {@code nameKeyword} (boost 10) and a single word exactly
   * over {@code slug} (boost 5), as the original. Words are lower-cased (the fields' analyzers do
   * so as well) so that {@code AND}, {@code OR}, {@code NOT} typed as words stay words.
   */
  static String freeText(String text) {
    return freeText(text, Set.of());
  }

  static String freeText(String text, Set<String> exactWords) {
    List<String> words = words(text);
    if (words.isEmpty()) {
      return "*:*";
    }
    List<String> fuzzy = new ArrayList<>();
    for (String w : words) {
      String lower = w.toLowerCase(Locale.ROOT);
      fuzzy.add(
          fuzzy.size() < MAX_FUZZY_WORDS && !exactWords.contains(lower)
              ? fuzzy(lower)
              : phrase(lower));
    }
    String all = String.join(" AND ", fuzzy);
    List<String> clauses = new ArrayList<>();
    clauses.add(SolrFields.CONTENT_ALL + ":(" + all + ")");
    clauses.add(SolrFields.NAME + ":(" + all + ")^2");
    clauses.add(SolrFields.NAME_KEYWORD + ":" + phrase(String.join(" ", words)) + "^10");
    if (words.size() == 1) {
      clauses.add(SolrFields.SLUG + ":" + phrase(words.getFirst().toLowerCase(Locale.ROOT)) + "^5");
    }
    return String.join(" OR ", clauses);
  }

  /**
   * The words of the free text that would be matched fuzzily (lower case, in order, no repeats):
   * the first {@link #MAX_FUZZY_WORDS} words, those of 3 to {@link #MAX_FUZZY_LENGTH} characters.
   */
  public static List<String> fuzzyWords(Query query) {
    List<String> words = words(query.freeText());
    Set<String> out = new LinkedHashSet<>();
    for (int i = 0; i < Math.min(words.size(), MAX_FUZZY_WORDS); i++) {
      String lower = words.get(i).toLowerCase(Locale.ROOT);
      int length = lower.codePointCount(0, lower.length());
      if (length > 2 && length <= MAX_FUZZY_LENGTH) {
        out.add(lower);
      }
    }
    return List.copyOf(out);
  }

  /**
   * Counts, among the documents the caller may read (never others: whether a private document holds
   * a word must not change what a stranger's search matches), those holding each word as typed in
   * {@code content_all}: one facet query per word, keyed {@code w0}, {@code w1}, ...
   */
  public static SolrQuery wordCounts(List<String> words, Caller caller) {
    SolrQuery q = new SolrQuery("*:*");
    q.addFilterQuery(SolrFields.TYPE + ":*");
    String visibility = visibilityFilter(caller);
    if (visibility != null) {
      q.addFilterQuery(visibility);
    }
    q.setRows(0);
    q.setFacet(true);
    for (int i = 0; i < words.size(); i++) {
      q.addFacetQuery("{!key=w" + i + "}" + SolrFields.CONTENT_ALL + ":" + phrase(words.get(i)));
    }
    return q;
  }

  /**
   * Edits allowed by length, as Elasticsearch's {@code AUTO:3,8}: none up to 2 characters (two
   * edits would match every short term), one up to 7, else two; none beyond {@link
   * #MAX_FUZZY_LENGTH}. Lucene counts a swap of two neighbouring letters as one edit, so one edit
   * covers the usual typos of words up to 7 letters; two edits over those cost several times more
   * (bench/README.md, "Search").
   */
  private static String fuzzy(String word) {
    int length = word.codePointCount(0, word.length());
    if (length <= 2 || length > MAX_FUZZY_LENGTH) {
      return phrase(word);
    }
    return term(word) + (length <= 7 ? "~1" : "~2");
  }

  private static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    int end = Math.min(text.length(), MAX_TEXT_CHARS);
    if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--; // do not cut a character in half
    }
    for (int i = 0; i < end && words.size() < MAX_WORDS; i++) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085') {
        if (!word.isEmpty()) {
          words.add(word.toString());
          word.setLength(0);
        }
      } else {
        word.append(c);
      }
    }
    if (!word.isEmpty() && words.size() < MAX_WORDS) {
      words.add(word.toString());
    }
    return words;
  }

  private String filter(FieldTerm term, Caller caller, Map<String, String> userIds) {
    return switch (term) {
      case FieldTerm.TypeIs t ->
          anyOf(t.values().stream().map(e -> SolrFields.TYPE + ":" + e.word()).toList());
      case FieldTerm.VisibilityIs v ->
          anyOf(v.values().stream().map(x -> SolrFields.VISIBILITY + ":" + x.word()).toList());
      case FieldTerm.IdIs i -> isAny(SolrFields.ID, i.values());
      case FieldTerm.NameIs n -> anyOf(n.values().stream().map(SearchQueryBuilder::name).toList());
      // slugs are lower case (as the original, which lower-cases the value too)
      case FieldTerm.SlugIs s ->
          isAny(SolrFields.SLUG, s.values().stream().map(x -> x.toLowerCase(Locale.ROOT)).toList());
      case FieldTerm.KeywordIs k -> isAny(SolrFields.KEYWORDS, k.values());
      case FieldTerm.CreatedByIs c -> isAny(SolrFields.CREATED_BY, c.values());
      case FieldTerm.DoiIs d -> isAny(SolrFields.DOI, d.values());
      case FieldTerm.PublisherNameIs p -> isAny(SolrFields.PUBLISHER_NAME, p.values());
      case FieldTerm.NamespaceIs n -> anyOf(n.values().stream().map(this::underNamespace).toList());
      case FieldTerm.CreatedIs c ->
          anyOf(c.values().stream().map(d -> created(c.comparison(), d)).toList());
      case FieldTerm.RoleIs r -> roles(r.values(), caller);
      case FieldTerm.DirectMemberIs d -> members(SolrFields.DIRECT_MEMBERS, d.users(), userIds);
      case FieldTerm.InheritedMemberIs i -> members(SolrFields.READERS, i.users(), userIds);
    };
  }

  /**
   * A name longer than the API allows ({@link #MAX_NAME_LENGTH}) names nothing; it is not sent,
   * since the name field's analysis (word parts of every punctuated piece) would make a long value
   * into more clauses than Lucene takes.
   */
  private static String name(String value) {
    return value.length() > MAX_NAME_LENGTH ? NOTHING : is(SolrFields.NAME, value);
  }

  private static int clauseCount(FieldTerm term) {
    return switch (term) {
      // a name of punctuated pieces costs a clause per piece (up to 50 in 99 characters)
      case FieldTerm.NameIs n -> 50 * n.values().size();
      case FieldTerm.StringTerm s -> 2 * s.values().size(); // namespace: two per value
      case FieldTerm.CreatedIs c -> c.values().size();
      case FieldTerm.RoleIs r -> 2 * r.values().size();
      case FieldTerm.DirectMemberIs d -> d.users().size();
      case FieldTerm.InheritedMemberIs i -> i.users().size();
      case FieldTerm.TypeIs t -> t.values().size();
      case FieldTerm.VisibilityIs v -> v.values().size();
    };
  }

  /**
   * The namespace itself or any path below it ({@code a} does not match {@code ab}). A path longer
   * than {@link #MAX_PATH_LENGTH} names nothing and is not sent (Lucene refuses the prefix
   * automaton of a very long one).
   */
  private String underNamespace(String path) {
    if (path.length() > MAX_PATH_LENGTH) {
      return NOTHING;
    }
    return "("
        + is(SolrFields.NAMESPACE_PATH, path)
        + " OR "
        + SolrFields.NAMESPACE_PATH
        + ":"
        + term(path)
        + "\\/*)";
  }

  /**
   * {@code :} inside the value's range, {@code >} after its end, {@code <} before its start; both
   * ends to the second (documents store seconds).
   */
  private String created(io.renku.search.query.Comparison cmp, DateRef date) {
    DateRange range = date.resolve(clock.instant(), clock.getZone());
    String from = solrDate(range.from());
    String to = solrDate(range.to());
    String bounds =
        switch (cmp) {
          case EQUAL -> "[" + from + " TO " + to + "]";
          case GREATER_THAN -> "{" + to + " TO *]";
          case LOWER_THAN -> "[* TO " + from + "}";
        };
    return SolrFields.CREATION_DATE + ":" + bounds;
  }

  private static String solrDate(Instant instant) {
    Instant clamped = instant.isBefore(MIN_DATE) ? MIN_DATE : instant;
    clamped = clamped.isAfter(MAX_DATE) ? MAX_DATE : clamped;
    return '"' + clamped.toString() + '"';
  }

  /**
   * Entities on which the caller has one of the roles directly: the role's field holds the caller
   * (directly or through the namespace) and so does the direct members field. Anonymous callers
   * have no role anywhere.
   */
  private static String roles(List<Role> roles, Caller caller) {
    String id =
        switch (caller) {
          case Caller.Anonymous a -> null;
          case Caller.User(String uid) -> uid;
          case Caller.Admin(String uid) -> uid;
        };
    if (id == null) {
      return NOTHING;
    }
    List<String> clauses = new ArrayList<>();
    for (Role role : roles) {
      String field =
          switch (role) {
            case OWNER -> SolrFields.OWNERS;
            case EDITOR -> SolrFields.EDITORS;
            case VIEWER -> SolrFields.VIEWERS;
          };
      clauses.add("(" + is(field, id) + " AND " + is(SolrFields.DIRECT_MEMBERS, id) + ")");
    }
    return anyOf(clauses);
  }

  /** All users must be members (the original's intersection); an unknown username: nothing. */
  private static String members(String field, List<UserRef> users, Map<String, String> userIds) {
    List<String> clauses = new ArrayList<>();
    for (UserRef user : users) {
      String id =
          switch (user) {
            case UserRef.UserId(String uid) -> uid;
            case UserRef.Username(String slug) -> userIds.get(slug);
          };
      clauses.add(id == null ? NOTHING : is(field, id));
    }
    return allOf(clauses);
  }

  private static String sortField(SortKey key) {
    return switch (key.field()) {
      case NAME -> SolrFields.NAME_KEYWORD;
      case CREATED -> SolrFields.CREATION_DATE;
      case SCORE -> SolrFields.SCORE;
    };
  }
}
