package io.renku.search.solr;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrInputDocument;

/** Small helpers shared by the document records for writing and reading Solr fields. */
final class SolrDocs {
  private SolrDocs() {}

  static SolrInputDocument base(SearchDocument d) {
    SolrInputDocument doc = new SolrInputDocument();
    doc.setField(SolrFields.ID, d.id());
    doc.setField(SolrFields.TYPE, d.type().solrName());
    doc.setField(SolrFields.KIND, SolrFields.KIND_FULL_ENTITY);
    doc.setField(SolrFields.PATH, d.path());
    doc.setField(SolrFields.VISIBILITY, d.visibility().solrName());
    d.members().render(doc);
    return doc;
  }

  static void putIfPresent(SolrInputDocument doc, String field, Object value) {
    if (value != null) {
      doc.setField(field, value);
    }
  }

  static void putList(SolrInputDocument doc, String field, List<String> values) {
    if (!values.isEmpty()) {
      doc.setField(field, values);
    }
  }

  /** Solr keeps dates to the millisecond; the original writes whole seconds (UTC, {@code Z}). */
  static Date date(Instant instant) {
    return Date.from(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  static String string(SolrDocument doc, String field) {
    Object v = doc.getFirstValue(field);
    return v == null ? null : v.toString();
  }

  static Instant instant(SolrDocument doc, String field) {
    Object v = doc.getFirstValue(field);
    return switch (v) {
      case null -> null;
      case Date d -> d.toInstant();
      default -> Instant.parse(v.toString());
    };
  }

  static boolean bool(SolrDocument doc, String field) {
    Object v = doc.getFirstValue(field);
    return v instanceof Boolean b ? b : Boolean.parseBoolean(String.valueOf(v));
  }

  static List<String> strings(SolrDocument doc, String field) {
    Collection<Object> values = doc.getFieldValues(field);
    List<String> out = new ArrayList<>();
    if (values != null) {
      values.forEach(v -> out.add(v.toString()));
    }
    return out;
  }

  static String join(String namespacePath, String slug) {
    return namespacePath == null ? slug : namespacePath + "/" + slug;
  }
}
