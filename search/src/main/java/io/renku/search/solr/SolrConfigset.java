package io.renku.search.solr;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a minimal Solr home with one core: no configset ships with the solr-core jars, and the
 * schema proper is added by {@link SolrSchema} through the Schema API, so the files hold only what
 * Solr needs to start a core with a mutable managed schema (the unique key, {@code _version_} for
 * optimistic locking, the dynamic fields of the schema-version document). Existing files are kept:
 * the managed schema is rewritten by Solr itself once fields are added.
 */
public final class SolrConfigset {
  /** The Lucene version the index is written with; Solr 9.10 ships Lucene 9.12. */
  public static final String LUCENE_MATCH_VERSION = "9.12";

  private SolrConfigset() {}

  /**
   * Writes {@code home/solr.xml} and {@code home/<core>/...} unless present; returns the core dir.
   */
  public static Path write(Path home, String core) {
    try {
      Files.createDirectories(home);
      writeIfMissing(home.resolve("solr.xml"), "<solr></solr>\n");
      Path coreDir = home.resolve(core);
      Path conf = coreDir.resolve("conf");
      Files.createDirectories(conf);
      writeIfMissing(coreDir.resolve("core.properties"), "name=" + core + "\n");
      writeIfMissing(conf.resolve("solrconfig.xml"), SOLRCONFIG);
      if (!Files.exists(conf.resolve("managed-schema.xml"))
          && !Files.exists(conf.resolve("managed-schema"))) {
        Files.writeString(conf.resolve("managed-schema.xml"), BASE_SCHEMA);
      }
      return coreDir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the Solr configset under " + home, e);
    }
  }

  private static void writeIfMissing(Path file, String content) throws IOException {
    if (!Files.exists(file)) {
      Files.writeString(file, content);
    }
  }

  static final String SOLRCONFIG =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <config>
        <luceneMatchVersion>%s</luceneMatchVersion>
        <dataDir>${solr.data.dir:}</dataDir>
        <directoryFactory name="DirectoryFactory" class="solr.NRTCachingDirectoryFactory"/>
        <schemaFactory class="ManagedIndexSchemaFactory">
          <bool name="mutable">true</bool>
          <str name="managedSchemaResourceName">managed-schema.xml</str>
        </schemaFactory>
        <updateHandler class="solr.DirectUpdateHandler2">
          <updateLog><str name="dir">${solr.ulog.dir:}</str></updateLog>
          <autoCommit><maxTime>60000</maxTime><openSearcher>false</openSearcher></autoCommit>
          <autoSoftCommit><maxTime>-1</maxTime></autoSoftCommit>
        </updateHandler>
        <query>
          <filterCache size="512" initialSize="512" autowarmCount="64"/>
          <queryResultCache size="512" initialSize="512" autowarmCount="32"/>
          <documentCache size="512" initialSize="512" autowarmCount="0"/>
        </query>
        <requestHandler name="/select" class="solr.SearchHandler">
          <lst name="defaults"><str name="echoParams">none</str><int name="rows">10</int></lst>
        </requestHandler>
        <requestHandler name="/get" class="solr.RealTimeGetHandler">
          <lst name="defaults"><str name="omitHeader">true</str></lst>
        </requestHandler>
      </config>
      """
          .formatted(LUCENE_MATCH_VERSION);

  static final String BASE_SCHEMA =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <schema name="renku" version="1.6">
        <uniqueKey>id</uniqueKey>
        <fieldType name="string" class="solr.StrField" sortMissingLast="true" docValues="true"/>
        <fieldType name="boolean" class="solr.BoolField" sortMissingLast="true"/>
        <fieldType name="pint" class="solr.IntPointField" docValues="true"/>
        <fieldType name="plong" class="solr.LongPointField" docValues="true"/>
        <fieldType name="pdouble" class="solr.DoublePointField" docValues="true"/>
        <fieldType name="pdate" class="solr.DatePointField" docValues="true"/>
        <field name="id" type="string" indexed="true" stored="true" required="true" multiValued="false"/>
        <field name="_version_" type="plong" indexed="false" stored="false"/>
        <dynamicField name="*_s" type="string" indexed="true" stored="true"/>
        <dynamicField name="*_ss" type="string" indexed="true" stored="true" multiValued="true"/>
        <dynamicField name="*_b" type="boolean" indexed="true" stored="true"/>
        <dynamicField name="*_i" type="pint" indexed="true" stored="true"/>
        <dynamicField name="*_l" type="plong" indexed="true" stored="true"/>
        <dynamicField name="*_d" type="pdouble" indexed="true" stored="true"/>
        <dynamicField name="*_dt" type="pdate" indexed="true" stored="true"/>
      </schema>
      """;
}
