package io.renku.authz;

/**
 * A SpiceDB object, e.g. {@code project:01HX...}.
 *
 * @param type definition name, e.g. {@code project}
 * @param id object id: 1 to 1024 of {@code [a-zA-Z0-9/_|\-=+]}; never the wildcard
 */
public record ObjectRef(String type, String id) {

  public ObjectRef {
    Names.type(type, "object type");
    Names.objectId(id, "object id");
  }

  public static ObjectRef of(String type, String id) {
    return new ObjectRef(type, id);
  }

  /** {@code type:id}, as SpiceDB writes it. */
  @Override
  public String toString() {
    return type + ":" + id;
  }
}
