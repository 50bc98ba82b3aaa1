package io.renku.search.solr;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrInputDocument;

/**
 * Who has which role on an entity, as stored in its document: user ids per role (direct or
 * inherited through the namespace), and the direct members (users, or the group that owns the
 * entity). The readers field, the union of the roles, is what the visibility filter matches a
 * caller's id against for non-public entities.
 */
public record Members(
    Set<String> owners, Set<String> editors, Set<String> viewers, Set<String> direct) {
  public static final Members NONE = new Members(Set.of(), Set.of(), Set.of(), Set.of());

  public Members {
    owners = Set.copyOf(owners);
    editors = Set.copyOf(editors);
    viewers = Set.copyOf(viewers);
    direct = Set.copyOf(direct);
  }

  /** Everybody with a role: who may read the entity when it is not public. */
  public Set<String> readers() {
    Set<String> all = new TreeSet<>(owners);
    all.addAll(editors);
    all.addAll(viewers);
    return all;
  }

  void render(SolrInputDocument doc) {
    put(doc, SolrFields.OWNERS, owners);
    put(doc, SolrFields.EDITORS, editors);
    put(doc, SolrFields.VIEWERS, viewers);
    put(doc, SolrFields.DIRECT_MEMBERS, direct);
    put(doc, SolrFields.READERS, readers());
  }

  static Members read(SolrDocument doc) {
    return new Members(
        strings(doc, SolrFields.OWNERS),
        strings(doc, SolrFields.EDITORS),
        strings(doc, SolrFields.VIEWERS),
        strings(doc, SolrFields.DIRECT_MEMBERS));
  }

  private static void put(SolrInputDocument doc, String field, Set<String> ids) {
    if (!ids.isEmpty()) {
      // sorted so that a re-rendered document is byte-for-byte the same
      doc.setField(field, List.copyOf(new TreeSet<>(ids)));
    }
  }

  private static Set<String> strings(SolrDocument doc, String field) {
    Collection<Object> values = doc.getFieldValues(field);
    if (values == null) {
      return Set.of();
    }
    Set<String> out = new TreeSet<>();
    values.forEach(v -> out.add(v.toString()));
    return out;
  }
}
