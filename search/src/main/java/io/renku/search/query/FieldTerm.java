package io.renku.search.query;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A term {@code field:value,value…}: the values of one term are alternatives (OR), separate terms
 * all apply (AND). Values are kept without repetitions.
 */
public sealed interface FieldTerm extends Segment {

  Field field();

  default Comparison comparison() {
    return Comparison.EQUAL;
  }

  /** The values as the query writes them, comma separated. */
  String renderValues();

  @Override
  default String render() {
    return field().key() + comparison().symbol() + renderValues();
  }

  private static <T> String join(List<T> values, Function<T, String> render) {
    return values.stream().map(render).collect(Collectors.joining(","));
  }

  /** {@code type:Project,DataConnector}. */
  record TypeIs(List<EntityType> values) implements FieldTerm {
    public TypeIs {
      values = Values.distinct(values, "type");
    }

    @Override
    public Field field() {
      return Field.TYPE;
    }

    @Override
    public String renderValues() {
      return join(values, EntityType::word);
    }
  }

  /** {@code visibility:public,private}. */
  record VisibilityIs(List<Visibility> values) implements FieldTerm {
    public VisibilityIs {
      values = Values.distinct(values, "visibility");
    }

    @Override
    public Field field() {
      return Field.VISIBILITY;
    }

    @Override
    public String renderValues() {
      return join(values, Visibility::word);
    }
  }

  /** {@code role:owner,editor}: entities on which the caller has one of the roles directly. */
  record RoleIs(List<Role> values) implements FieldTerm {
    public RoleIs {
      values = Values.distinct(values, "role");
    }

    @Override
    public Field field() {
      return Field.ROLE;
    }

    @Override
    public String renderValues() {
      return join(values, Role::word);
    }
  }

  /** {@code created:2024-01,2024-02}, {@code created>today-7d}, {@code created<2023}. */
  record CreatedIs(Comparison comparison, List<DateRef> values) implements FieldTerm {
    public CreatedIs {
      if (comparison == null) {
        throw new IllegalArgumentException("created needs a comparison");
      }
      values = Values.distinct(values, "created");
    }

    @Override
    public Field field() {
      return Field.CREATED;
    }

    @Override
    public String renderValues() {
      return join(values, DateRef::render);
    }
  }

  /** {@code direct_member:@jane,<user id>}: entities all these users are direct members of. */
  record DirectMemberIs(List<UserRef> users) implements FieldTerm {
    public DirectMemberIs {
      users = Values.distinct(users, "direct_member");
    }

    @Override
    public Field field() {
      return Field.DIRECT_MEMBER;
    }

    @Override
    public String renderValues() {
      return join(users, UserRef::render);
    }
  }

  /** {@code inherited_member:@jane}: as direct members, counting membership through the group. */
  record InheritedMemberIs(List<UserRef> users) implements FieldTerm {
    public InheritedMemberIs {
      users = Values.distinct(users, "inherited_member");
    }

    @Override
    public Field field() {
      return Field.INHERITED_MEMBER;
    }

    @Override
    public String renderValues() {
      return join(users, UserRef::render);
    }
  }

  /**
   * A term whose values are plain strings: {@code id}, {@code name}, {@code slug}, {@code keyword},
   * {@code namespace}, {@code createdby}, {@code doi}, {@code publisher_name}.
   */
  sealed interface StringTerm extends FieldTerm {
    List<String> values();

    @Override
    default String renderValues() {
      return join(values(), Values::quote);
    }
  }

  record IdIs(List<String> values) implements StringTerm {
    public IdIs {
      values = Values.distinctStrings(values, "id");
    }

    @Override
    public Field field() {
      return Field.ID;
    }
  }

  record NameIs(List<String> values) implements StringTerm {
    public NameIs {
      values = Values.distinctStrings(values, "name");
    }

    @Override
    public Field field() {
      return Field.NAME;
    }
  }

  record SlugIs(List<String> values) implements StringTerm {
    public SlugIs {
      values = Values.distinctStrings(values, "slug");
    }

    @Override
    public Field field() {
      return Field.SLUG;
    }
  }

  /** {@code keyword:"data science",ml}: exact keywords. */
  record KeywordIs(List<String> values) implements StringTerm {
    public KeywordIs {
      values = Values.distinctStrings(values, "keyword");
    }

    @Override
    public Field field() {
      return Field.KEYWORD;
    }
  }

  /** {@code namespace:sdsc}: entities in the namespace (path) or below it. */
  record NamespaceIs(List<String> values) implements StringTerm {
    public NamespaceIs {
      values = Values.distinctStrings(values, "namespace");
    }

    @Override
    public Field field() {
      return Field.NAMESPACE;
    }
  }

  /** {@code createdby:<user id>}: the creator's user id (as the original, no usernames). */
  record CreatedByIs(List<String> values) implements StringTerm {
    public CreatedByIs {
      values = Values.distinctStrings(values, "createdby");
    }

    @Override
    public Field field() {
      return Field.CREATED_BY;
    }
  }

  /** {@code doi:10.16904/envidat.714}: the DOI of a data connector, bare form. */
  record DoiIs(List<String> values) implements StringTerm {
    public DoiIs {
      values = Values.distinctStrings(values, "doi");
    }

    @Override
    public Field field() {
      return Field.DOI;
    }
  }

  /** {@code publisher_name:EnviDat}: the publisher of a DOI data connector. */
  record PublisherNameIs(List<String> values) implements StringTerm {
    public PublisherNameIs {
      values = Values.distinctStrings(values, "publisher_name");
    }

    @Override
    public Field field() {
      return Field.PUBLISHER_NAME;
    }
  }
}
