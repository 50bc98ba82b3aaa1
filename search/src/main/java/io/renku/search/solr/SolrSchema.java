package io.renku.search.solr;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.SolrServerException;
import org.apache.solr.client.solrj.request.schema.AnalyzerDefinition;
import org.apache.solr.client.solrj.request.schema.FieldTypeDefinition;
import org.apache.solr.client.solrj.request.schema.SchemaRequest;
import org.apache.solr.client.solrj.response.schema.SchemaResponse;
import org.apache.solr.client.solrj.response.schema.SchemaResponse.UpdateResponse;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrInputDocument;

/**
 * The search schema, managed by code: an ordered list of versioned migrations applied through the
 * Schema API. The core stores the last applied version in a document of its own (dynamic fields, so
 * it exists before any migration), which makes {@link #apply} idempotent and lets a newer platform
 * add only what is missing. Each command is also checked against the live schema, so a migration
 * interrupted half-way is completed on the next start rather than failing on "exists".
 */
public final class SolrSchema {
  /** The id of the schema-version document (the original's, so both read the same marker). */
  public static final String VERSION_DOC_ID = "VERSION_ID_EB779C6B-1D96-47CB-B304-BECF15E4A607";

  static final String VERSION_FIELD = "current_schema_version_l";

  /** One step of the schema. */
  public sealed interface Command {}

  /** Adds a field type unless one of that name exists. */
  public record AddType(FieldTypeDefinition type) implements Command {
    String name() {
      return (String) type.getAttributes().get("name");
    }
  }

  /** Adds a field unless one of that name exists. */
  public record AddField(Map<String, Object> field) implements Command {}

  /** Replaces a field's definition (the field must exist; documents must be re-indexed). */
  public record ReplaceField(Map<String, Object> field) implements Command {}

  /** Adds a copy-field rule unless it exists. */
  public record AddCopy(String source, String dest) implements Command {}

  /**
   * A schema version and its commands; {@code reindex} when existing documents must be rewritten.
   */
  public record Migration(int version, boolean reindex, List<Command> commands) {}

  /** What {@link #apply} did. */
  public record Result(int fromVersion, int toVersion, int commandsRun, boolean reindexNeeded) {}

  private SolrSchema() {}

  /** The latest schema version this code knows. */
  public static int latestVersion() {
    return MIGRATIONS.getLast().version();
  }

  /** The version stored in the core, or -1 before any migration. */
  public static int currentVersion(SolrClient solr) throws IOException {
    try {
      SolrDocument doc = solr.getById(VERSION_DOC_ID);
      return doc == null ? -1 : ((Number) doc.getFirstValue(VERSION_FIELD)).intValue();
    } catch (SolrServerException e) {
      throw new IOException("cannot read the search schema version", e);
    }
  }

  /** Applies the migrations newer than the core's version, in order. */
  public static Result apply(SolrClient solr) throws IOException {
    return apply(solr, latestVersion());
  }

  /** Applies the migrations up to {@code upTo} (tests: an older platform's core). */
  static Result apply(SolrClient solr, int upTo) throws IOException {
    int from = currentVersion(solr);
    int run = 0;
    boolean reindex = false;
    for (Migration m : MIGRATIONS) {
      if (m.version() <= from || m.version() > upTo) {
        continue;
      }
      Live live = Live.read(solr);
      List<SchemaRequest.Update> pending = new ArrayList<>();
      for (Command c : m.commands()) {
        SchemaRequest.Update u = pending(live, c);
        if (u != null) {
          pending.add(u);
        }
      }
      execute(solr, m.version(), pending);
      run += pending.size();
      reindex |= m.reindex() && from >= 0;
      storeVersion(solr, m.version());
    }
    return new Result(from, Math.max(from, Math.min(upTo, latestVersion())), run, reindex);
  }

  static void storeVersion(SolrClient solr, int version) throws IOException {
    SolrInputDocument doc = new SolrInputDocument();
    doc.setField(SolrFields.ID, VERSION_DOC_ID);
    doc.setField(VERSION_FIELD, (long) version);
    try {
      solr.add(doc);
      solr.commit();
    } catch (SolrServerException e) {
      throw new IOException("cannot store the search schema version " + version, e);
    }
  }

  /** The request for a command, or null when the live schema already has its effect. */
  private static SchemaRequest.Update pending(Live live, Command c) {
    return switch (c) {
      case AddType t ->
          live.types.contains(t.name()) ? null : new SchemaRequest.AddFieldType(t.type());
      case AddField f ->
          live.fields.contains((String) f.field().get("name"))
              ? null
              : new SchemaRequest.AddField(f.field());
      case ReplaceField f -> new SchemaRequest.ReplaceField(f.field());
      case AddCopy cp ->
          live.copies.contains(cp.source() + "->" + cp.dest())
              ? null
              : new SchemaRequest.AddCopyField(cp.source(), List.of(cp.dest()));
    };
  }

  /**
   * Sends a migration's commands as one request: Solr applies them in order and reloads the core
   * once, instead of once per command (which made the first start over HTTP several seconds).
   */
  private static void execute(SolrClient solr, int version, List<SchemaRequest.Update> requests)
      throws IOException {
    if (requests.isEmpty()) {
      return;
    }
    try {
      UpdateResponse response = new SchemaRequest.MultiUpdate(requests).process(solr);
      Object errors = response.getResponse().get("errors");
      if (errors != null) {
        throw new IOException("schema migration " + version + " failed: " + errors);
      }
    } catch (SolrServerException | RuntimeException e) {
      throw new IOException("schema migration " + version + " failed", e);
    }
  }

  /** The names in the core's schema now. */
  private record Live(Set<String> types, Set<String> fields, Set<String> copies) {
    static Live read(SolrClient solr) throws IOException {
      try {
        Set<String> types = new HashSet<>();
        for (FieldTypeDefinition t : new SchemaRequest.FieldTypes().process(solr).getFieldTypes()) {
          types.add((String) t.getAttributes().get("name"));
        }
        Set<String> fields = new HashSet<>();
        for (Map<String, Object> f : new SchemaRequest.Fields().process(solr).getFields()) {
          fields.add((String) f.get("name"));
        }
        Set<String> copies = new HashSet<>();
        SchemaResponse.CopyFieldsResponse cf = new SchemaRequest.CopyFields().process(solr);
        for (Map<String, Object> r : cf.getCopyFields()) {
          copies.add(r.get("source") + "->" + r.get("dest"));
        }
        return new Live(types, fields, copies);
      } catch (SolrServerException | RuntimeException e) {
        throw new IOException("cannot read the Solr schema", e);
      }
    }
  }

  // ---- the schema: the original's migrations 9 to 15, then ours ----

  private static Map<String, Object> filter(String name, String... settings) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("name", name);
    for (int i = 0; i < settings.length; i += 2) {
      f.put(settings[i], settings[i + 1]);
    }
    return f;
  }

  private static AnalyzerDefinition analyzer(String tokenizer, List<Map<String, Object>> filters) {
    AnalyzerDefinition a = new AnalyzerDefinition();
    a.setTokenizer(Map.of("name", tokenizer));
    a.setFilters(filters);
    return a;
  }

  private static final Map<String, Object> EDGE_NGRAM =
      filter("edgeNGram", "minGramSize", "2", "maxGramSize", "8", "preserveOriginal", "true");

  private static List<Map<String, Object>> textFilters(boolean index) {
    List<Map<String, Object>> f = new ArrayList<>();
    f.add(filter("lowercase"));
    f.add(filter("stop"));
    f.add(filter("englishMinimalStem"));
    f.add(filter("asciiFolding"));
    if (index) {
      f.add(EDGE_NGRAM);
    }
    return f;
  }

  private static List<Map<String, Object>> nameFilters(boolean index) {
    String catenate = index ? "1" : "0";
    List<Map<String, Object>> f = new ArrayList<>();
    f.add(
        filter(
            "wordDelimiterGraph",
            "generateWordParts",
            "1",
            "generateNumberParts",
            "1",
            "catenateWords",
            catenate,
            "catenateNumbers",
            catenate,
            "preserveOriginal",
            "1",
            "splitOnCaseChange",
            "1"));
    if (index) {
      // the graph must be flattened before indexing (index analyzer only)
      f.add(filter("flattenGraph"));
    }
    f.addAll(textFilters(index));
    return f;
  }

  private static FieldTypeDefinition type(String name, String clazz, Object... attributes) {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("name", name);
    a.put("class", clazz);
    for (int i = 0; i < attributes.length; i += 2) {
      a.put((String) attributes[i], attributes[i + 1]);
    }
    FieldTypeDefinition t = new FieldTypeDefinition();
    t.setAttributes(a);
    return t;
  }

  private static FieldTypeDefinition textType(
      String name, AnalyzerDefinition index, AnalyzerDefinition query, Object... attributes) {
    FieldTypeDefinition t = type(name, "solr.TextField", attributes);
    if (query == null) {
      t.setAnalyzer(index);
    } else {
      t.setIndexAnalyzer(index);
      t.setQueryAnalyzer(query);
    }
    return t;
  }

  static final String T_ID = "SearchId";
  static final String T_STRING = "SearchString";
  static final String T_BOOL = "SearchBool";
  static final String T_TEXT = "SearchText";
  static final String T_TEXT_NAME = "SearchTextName";
  static final String T_TEXT_ALL = "SearchTextAll";
  static final String T_DATE = "SearchDateTime";
  static final String T_KEYWORD = "Keyword";

  private static Map<String, Object> field(String name, String type, boolean multi) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("name", name);
    f.put("type", type);
    if (multi) {
      f.put("multiValued", true);
    }
    return f;
  }

  private static Command add(String name, String type) {
    return new AddField(field(name, type, false));
  }

  private static Command addMulti(String name, String type) {
    return new AddField(field(name, type, true));
  }

  private static Command copyToAll(String source) {
    return new AddCopy(source, SolrFields.CONTENT_ALL);
  }

  /** The migrations, oldest first; append new ones, never change a released one. */
  public static final List<Migration> MIGRATIONS = migrations();

  private static List<Migration> migrations() {
    var textIndex = analyzer("uax29UrlEmail", textFilters(true));
    var textQuery = analyzer("uax29UrlEmail", textFilters(false));
    var keyword = analyzer("keyword", List.of(filter("lowercase")));
    List<Migration> all = new ArrayList<>();
    all.add(
        new Migration(
            9,
            true,
            List.of(
                new AddType(type(T_ID, "solr.StrField", "docValues", true)),
                new AddType(type(T_STRING, "solr.StrField", "docValues", true)),
                new AddType(textType(T_TEXT, textIndex, textQuery)),
                new AddType(type(T_DATE, "solr.DatePointField")),
                add(SolrFields.TYPE, T_STRING),
                add(SolrFields.KIND, T_STRING),
                add(SolrFields.NAME, T_TEXT),
                add(SolrFields.SLUG, T_STRING),
                addMulti(SolrFields.REPOSITORIES, T_STRING),
                add(SolrFields.VISIBILITY, T_STRING),
                add(SolrFields.DESCRIPTION, T_TEXT),
                add(SolrFields.CREATED_BY, T_ID),
                add(SolrFields.CREATION_DATE, T_DATE),
                new AddType(textType(T_TEXT_ALL, textIndex, textQuery, "multiValued", true)),
                addMulti(SolrFields.CONTENT_ALL, T_TEXT_ALL),
                copyToAll(SolrFields.NAME),
                copyToAll(SolrFields.DESCRIPTION),
                copyToAll(SolrFields.SLUG),
                copyToAll(SolrFields.REPOSITORIES),
                add(SolrFields.FIRST_NAME, T_STRING),
                add(SolrFields.LAST_NAME, T_STRING),
                copyToAll(SolrFields.FIRST_NAME),
                copyToAll(SolrFields.LAST_NAME),
                addMulti(SolrFields.KEYWORDS, T_STRING),
                copyToAll(SolrFields.KEYWORDS),
                add(SolrFields.NAMESPACE, T_STRING),
                copyToAll(SolrFields.NAMESPACE))));
    all.add(
        new Migration(
            10,
            false,
            List.of(new AddType(type(T_BOOL, "solr.BoolField")), add(SolrFields.DELETED, T_BOOL))));
    all.add(
        new Migration(
            11,
            false,
            List.of(add(SolrFields.READONLY, T_BOOL), add(SolrFields.STORAGE_TYPE, T_STRING))));
    all.add(
        new Migration(
            12,
            true,
            List.of(
                add(SolrFields.PATH, T_ID),
                add(SolrFields.NAMESPACE_PATH, T_ID),
                add(SolrFields.IS_NAMESPACE, T_BOOL))));
    all.add(
        new Migration(
            13,
            false,
            List.of(
                new AddType(textType(T_KEYWORD, keyword, null, "stored", true)),
                add(SolrFields.DOI, T_KEYWORD),
                copyToAll(SolrFields.DOI),
                add(SolrFields.PUBLISHER_NAME, T_KEYWORD),
                copyToAll(SolrFields.PUBLISHER_NAME))));
    all.add(
        new Migration(
            14, true, List.of(new ReplaceField(field(SolrFields.KEYWORDS, T_KEYWORD, true)))));
    all.add(
        new Migration(
            15,
            true,
            List.of(
                new AddType(
                    textType(
                        T_TEXT_NAME,
                        analyzer("whitespace", nameFilters(true)),
                        analyzer("whitespace", nameFilters(false)))),
                new ReplaceField(field(SolrFields.NAME, T_TEXT_NAME, false)),
                add(SolrFields.NAME_KEYWORD, T_KEYWORD),
                new AddCopy(SolrFields.NAME, SolrFields.NAME_KEYWORD))));
    // ours: member fields for filtering by access and role without asking the authorizer per query
    all.add(
        new Migration(
            16,
            true,
            List.of(
                addMulti(SolrFields.OWNERS, T_ID),
                addMulti(SolrFields.EDITORS, T_ID),
                addMulti(SolrFields.VIEWERS, T_ID),
                addMulti(SolrFields.DIRECT_MEMBERS, T_ID),
                addMulti(SolrFields.READERS, T_ID))));
    return List.copyOf(all);
  }
}
