package io.renku.search.solr;

/** The field names of the search documents, as the original's Solr schema names them. */
public final class SolrFields {
  private SolrFields() {}

  public static final String ID = "id";
  public static final String TYPE = "_type";
  public static final String KIND = "_kind";
  public static final String VERSION = "_version_";
  public static final String SCORE = "score";
  public static final String NAME = "name";
  public static final String NAME_KEYWORD = "nameKeyword";
  public static final String SLUG = "slug";
  public static final String PATH = "path";
  public static final String NAMESPACE_PATH = "namespacePath";
  public static final String NAMESPACE = "namespace";
  public static final String IS_NAMESPACE = "isNamespace";
  public static final String VISIBILITY = "visibility";
  public static final String CREATED_BY = "createdBy";
  public static final String CREATION_DATE = "creationDate";
  public static final String DESCRIPTION = "description";
  public static final String KEYWORDS = "keywords";
  public static final String REPOSITORIES = "repositories";
  public static final String FIRST_NAME = "firstName";
  public static final String LAST_NAME = "lastName";
  public static final String CONTENT_ALL = "content_all";
  public static final String DELETED = "deleted";
  public static final String READONLY = "readonly";
  public static final String STORAGE_TYPE = "storageType";
  public static final String DOI = "doi";
  public static final String PUBLISHER_NAME = "publisherName";

  // Ours (schema version 16): who may read an entity and in which role, so that the visibility
  // filter and role/member terms are plain filter queries instead of a list of ids looked up in
  // the authorizer per query (which the original does). Values are user ids; group ids appear in
  // DIRECT_MEMBERS for a project or connector a group owns.
  /** Users with a role on the entity, directly or inherited through its namespace. */
  public static final String OWNERS = "owners";

  public static final String EDITORS = "editors";
  public static final String VIEWERS = "viewers";

  /** Users (and the owning group) that are members of the entity itself, not through a group. */
  public static final String DIRECT_MEMBERS = "directMembers";

  /** The union of owners, editors and viewers: the ids that may read a non-public entity. */
  public static final String READERS = "readers";

  /** The value of {@link #KIND} on every entity document (the original's compatibility marker). */
  public static final String KIND_FULL_ENTITY = "fullentity";
}
