package io.renku.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Seeds the data service's tables straight in SQL (generate_series) with {@code total} searchable
 * entities, shaped like {@code bench/seed.sql} but with words that make free text matter: names,
 * descriptions and keywords drawn from a vocabulary with a skew (a few words are common, most are
 * rare), so that a query word matches anything from a handful to a third of the documents.
 *
 * <p>Of the entities: 5 % users (each with a namespace), 0.5 % groups (an owner and five members
 * each), 10 % data connectors (in user and group namespaces, in projects, and every 50th a global
 * one from a DOI), the rest projects. Every tenth project and connector is public. The bench user
 * {@link #BENCH_USER} is a viewer of groups 1..10, which hold private projects only, and owns the
 * projects of its own namespace. Relationships are written as the data service writes them.
 *
 * <p>Ids are valid ULIDs built from numbers: a one-digit kind prefix and a 25-digit counter.
 */
final class SearchSeed {
  static final String BENCH_USER = "bench-user-1";

  /** Words of names and descriptions, most frequent first (the skew favours the start). */
  static final List<String> WORDS =
      List.of(
          "data",
          "analysis",
          "model",
          "climate",
          "study",
          "dataset",
          "simulation",
          "experiment",
          "learning",
          "network",
          "protein",
          "genome",
          "image",
          "time",
          "series",
          "ocean",
          "soil",
          "water",
          "carbon",
          "energy",
          "neural",
          "deep",
          "graph",
          "spatial",
          "temporal",
          "urban",
          "forest",
          "glacier",
          "snow",
          "alpine",
          "river",
          "lake",
          "atmosphere",
          "aerosol",
          "cloud",
          "radiation",
          "satellite",
          "remote",
          "sensing",
          "mapping",
          "survey",
          "census",
          "health",
          "clinical",
          "patient",
          "cohort",
          "cancer",
          "cell",
          "single",
          "sequencing",
          "rna",
          "dna",
          "expression",
          "pathway",
          "molecule",
          "chemistry",
          "catalyst",
          "polymer",
          "material",
          "crystal",
          "quantum",
          "physics",
          "particle",
          "detector",
          "collider",
          "galaxy",
          "star",
          "planet",
          "telescope",
          "spectrum",
          "signal",
          "audio",
          "speech",
          "language",
          "text",
          "corpus",
          "translation",
          "vision",
          "segmentation",
          "detection",
          "tracking",
          "robot",
          "control",
          "optimization",
          "bayesian",
          "inference",
          "statistics",
          "regression",
          "classification",
          "clustering",
          "embedding",
          "transformer",
          "benchmark",
          "pipeline",
          "workflow",
          "notebook",
          "reproducible",
          "open",
          "science",
          "archive",
          "repository",
          "metadata",
          "ontology",
          "knowledge",
          "economics",
          "finance",
          "market",
          "policy",
          "election",
          "social",
          "media",
          "mobility",
          "traffic",
          "transport",
          "railway",
          "building",
          "heat",
          "pump",
          "solar",
          "wind",
          "hydro",
          "grid",
          "battery",
          "storage",
          "emission",
          "pollution",
          "biodiversity",
          "species",
          "habitat",
          "bird",
          "insect",
          "plant",
          "crop",
          "yield",
          "agriculture",
          "drought",
          "flood",
          "hazard",
          "earthquake",
          "seismic",
          "volcano",
          "landslide",
          "avalanche",
          "permafrost",
          "isotope",
          "sediment",
          "mineral",
          "geology",
          "hydrology",
          "meteorology",
          "forecast",
          "weather",
          "reanalysis",
          "downscaling",
          "ensemble",
          "uncertainty",
          "sensitivity",
          "calibration",
          "validation",
          "microscopy",
          "tomography",
          "mri",
          "eeg",
          "brain",
          "neuron",
          "synapse",
          "behavior",
          "cognition",
          "psychology",
          "education",
          "history",
          "linguistics",
          "archaeology",
          "heritage",
          "manuscript",
          "music",
          "art",
          "epidemiology",
          "vaccine",
          "virus",
          "bacteria",
          "microbiome",
          "antibiotic",
          "resistance",
          "drug",
          "discovery",
          "docking",
          "enzyme",
          "metabolism",
          "nutrition",
          "diet",
          "sleep",
          "wearable",
          "sensor",
          "iot",
          "edge",
          "cluster",
          "gpu",
          "hpc",
          "scheduler",
          "compiler",
          "database",
          "index",
          "search");

  static final List<String> KEYWORDS =
      List.of(
          "python",
          "r",
          "julia",
          "jupyter",
          "climate",
          "ml",
          "ai",
          "genomics",
          "hpc",
          "gpu",
          "teaching",
          "tutorial",
          "thesis",
          "paper",
          "open-data",
          "fair",
          "eth",
          "epfl",
          "sdsc",
          "snow",
          "hydrology",
          "biology",
          "physics",
          "chemistry",
          "astronomy",
          "economics",
          "medicine",
          "neuroscience",
          "ecology",
          "geoscience",
          "nlp",
          "vision",
          "robotics",
          "statistics",
          "visualization",
          "dashboard",
          "workshop",
          "course",
          "hackathon",
          "demo");

  static final List<String> FIRST_NAMES =
      List.of(
          "Anna", "Luca", "Marie", "Jonas", "Sofia", "Noah", "Lea", "David", "Laura", "Elias",
          "Sara", "Matteo", "Nina", "Leon", "Julia", "Samuel", "Emma", "Tim", "Chiara", "Ali",
          "Mei", "Ravi", "Olga", "Pedro", "Fatima", "Kenji", "Ines", "Tomas", "Yara", "Ivan");

  static final List<String> LAST_NAMES =
      List.of(
          "Müller",
          "Meier",
          "Schmid",
          "Keller",
          "Weber",
          "Huber",
          "Schneider",
          "Meyer",
          "Steiner",
          "Fischer",
          "Brunner",
          "Baumann",
          "Frei",
          "Rossi",
          "Bianchi",
          "Dubois",
          "Martin",
          "Moreau",
          "Garcia",
          "Silva",
          "Nguyen",
          "Kim",
          "Tanaka",
          "Singh",
          "Kowalski",
          "Novak",
          "Smith",
          "Jones",
          "Ivanova",
          "Haddad");

  /** How many of each kind a total makes. */
  record Shape(int users, int groups, int projects, int connectors) {
    static Shape of(int total) {
      int users = Math.max(20, total / 20);
      int groups = Math.max(20, total / 200);
      int connectors = total / 10;
      int projects = total - users - groups - connectors;
      if (projects < 1000) {
        throw new IllegalArgumentException("at least 2,000 entities, please: " + total);
      }
      return new Shape(users, groups, projects, connectors);
    }

    int total() {
      return users + groups + projects + connectors;
    }

    /** Projects 1..this live in groups 1..10 and are private: what the bench user reads. */
    int benchGroupProjects() {
      return Math.min(1000, projects / 20);
    }
  }

  private SearchSeed() {}

  static void seed(DataSource db, Shape s) throws SQLException {
    try (Connection c = db.getConnection();
        Statement st = c.createStatement()) {
      st.execute("SET synchronous_commit = off");
      c.setAutoCommit(false);
      for (String sql : statements(s)) {
        st.execute(sql);
      }
      c.commit();
      c.setAutoCommit(true);
      // as autovacuum would have by then: the bench measures a settled installation
      st.execute("VACUUM ANALYZE");
    }
  }

  /** The group namespaces' slugs (for namespace: filters). */
  static List<String> groupSlugs(DataSource db) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = db.getConnection();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT slug FROM common.namespaces WHERE group_id IS NOT NULL ORDER BY id")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  private static String array(List<String> values) {
    return values.stream()
        .map(v -> "'" + v.replace("'", "''") + "'")
        .collect(Collectors.joining(",", "ARRAY[", "]::text[]"));
  }

  /** A skewed pick from a list: {@code list[floor(L * h^2)]}, h a hash of x in [0, 1). */
  private static String pickFunction(String name, List<String> list) {
    return """
        CREATE FUNCTION pg_temp.%s(x bigint) RETURNS text IMMUTABLE LANGUAGE sql AS
        $$ SELECT (%s)[1 + least(%d - 1, floor(%d * power(abs(hashint8(x)::bigint) / 2147483649.0, 2))::int)] $$
        """
        .formatted(name, array(list), list.size(), list.size());
  }

  private static List<String> statements(Shape s) {
    int u = s.users();
    int g = s.groups();
    int p = s.projects();
    int d = s.connectors();
    int benchProjects = s.benchGroupProjects();
    List<String> out = new ArrayList<>();
    out.add(pickFunction("word", WORDS));
    out.add(pickFunction("kw", KEYWORDS));
    out.add(pickFunction("first", FIRST_NAMES));
    out.add(pickFunction("last", LAST_NAMES));
    // a sentence of k words from the vocabulary, different per seed x
    out.add(
        """
        CREATE FUNCTION pg_temp.sentence(x bigint, k int) RETURNS text LANGUAGE sql AS
        $$ SELECT string_agg(pg_temp.word(x * 97 + i), ' ') FROM generate_series(1, k) i $$
        """);
    out.add(
        """
        CREATE FUNCTION pg_temp.ulid(kind int, n bigint) RETURNS varchar IMMUTABLE LANGUAGE sql AS
        $$ SELECT kind::text || lpad(n::text, 25, '0') $$
        """);

    out.add(
        """
        INSERT INTO users.users (id, first_name, last_name, email, creation_date, updated_at)
        SELECT 'bench-user-' || n, pg_temp.first(n * 7 + 1), pg_temp.last(n * 13 + 2),
               'user' || n || '@bench.example', now() - make_interval(secs => n * 60), now()
        FROM generate_series(1, %d) n
        """
            .formatted(u));
    out.add(
        """
        INSERT INTO common.namespaces (id, slug, user_id)
        SELECT pg_temp.ulid(1, n),
               lower(translate(u.first_name || '-' || u.last_name, 'üéäö', 'ueao')) || n, u.id
        FROM generate_series(1, %d) n JOIN users.users u ON u.id = 'bench-user-' || n
        """
            .formatted(u));
    out.add(
        """
        INSERT INTO common.groups (id, name, description, created_by, creation_date, updated_at)
        SELECT pg_temp.ulid(2, n),
               initcap(pg_temp.word(n * 11 + 3)) || ' ' || initcap(pg_temp.word(n * 17 + 5))
                 || (ARRAY[' Lab', ' Group', ' Consortium', ' Initiative'])[1 + n %% 4],
               'We work on ' || pg_temp.sentence(n * 5 + 1, 10),
               'bench-user-' || (1 + (n * 37) %% %d), now() - make_interval(secs => n * 600), now()
        FROM generate_series(1, %d) n
        """
            .formatted(u, g));
    out.add(
        """
        INSERT INTO common.namespaces (id, slug, group_id)
        SELECT pg_temp.ulid(3, n), pg_temp.word(n * 11 + 3) || '-' || pg_temp.word(n * 17 + 5) || '-' || n,
               pg_temp.ulid(2, n)
        FROM generate_series(1, %d) n
        """
            .formatted(g));

    // projects 1..benchProjects in groups 1..10 (private); the others over user namespaces (odd
    // n) and groups 11.. (even n); every tenth of those public
    out.add(
        """
        CREATE TEMP TABLE seed_projects AS
        SELECT n, pg_temp.ulid(0, n) AS id,
               CASE WHEN n <= %1$d THEN 'group' WHEN n %% 2 = 1 THEN 'user' ELSE 'group' END AS ns_kind,
               CASE WHEN n <= %1$d THEN 1 + (n - 1) %% 10
                    WHEN n %% 2 = 1 THEN 1 + (n::bigint * 7919) %% %2$d
                    ELSE 11 + (n * 31) %% (%3$d - 10) END AS ns_n,
               CASE WHEN n > %1$d AND n %% 10 = 0 THEN 'public' ELSE 'private' END AS visibility
        FROM generate_series(1, %4$d) n
        """
            .formatted(benchProjects, u, g, p));
    out.add(
        """
        ALTER TABLE seed_projects ADD COLUMN owner varchar;
        UPDATE seed_projects SET owner = CASE WHEN ns_kind = 'user' THEN 'bench-user-' || ns_n
            ELSE 'bench-user-' || (1 + (ns_n * 37) %% %d) END
        """
            .formatted(u));
    out.add(
        """
        INSERT INTO projects.projects (id, namespace_id, slug, name, visibility, description, keywords,
                                       repositories, created_by, creation_date, updated_at)
        SELECT sp.id, pg_temp.ulid(CASE WHEN sp.ns_kind = 'user' THEN 1 ELSE 3 END, sp.ns_n),
               pg_temp.word(sp.n * 3 + 1) || '-' || pg_temp.word(sp.n * 3 + 2) || '-' || sp.n,
               initcap(pg_temp.word(sp.n * 3 + 1)) || ' ' || pg_temp.word(sp.n * 3 + 2) || ' '
                 || pg_temp.word(sp.n * 3 + 3),
               sp.visibility,
               'This project is about ' || pg_temp.sentence(sp.n, 14) || '.',
               ARRAY(SELECT DISTINCT pg_temp.kw(sp.n * 5 + i) FROM generate_series(1, 1 + sp.n % 3) i),
               CASE WHEN sp.n % 3 = 0 THEN ARRAY['https://gitlab.example.org/bench/p' || sp.n || '.git']
                    ELSE '{}' END,
               sp.owner, now() - make_interval(secs => sp.n * 97), now()
        FROM seed_projects sp
        """);

    // data connectors: every 50th global (from a DOI, public); of the rest a third in projects, the
    // others in user (odd) or group (even) namespaces; every tenth public
    out.add(
        """
        CREATE TEMP TABLE seed_connectors AS
        SELECT n, pg_temp.ulid(4, n) AS id,
               CASE WHEN n %% 50 = 0 THEN 'global' WHEN n %% 3 = 0 THEN 'project'
                    WHEN n %% 2 = 1 THEN 'user' ELSE 'group' END AS kind,
               CASE WHEN n %% 50 = 0 THEN 0
                    WHEN n %% 3 = 0 THEN 1 + (n::bigint * 7877) %% %1$d
                    WHEN n %% 2 = 1 THEN 1 + (n::bigint * 7919) %% %2$d
                    ELSE 11 + (n * 31) %% (%3$d - 10) END AS owner_n,
               CASE WHEN n %% 10 = 0 THEN 'public' ELSE 'private' END AS visibility
        FROM generate_series(1, %4$d) n
        """
            .formatted(p, u, g, d));
    out.add(
        """
        INSERT INTO storage.data_connectors (id, namespace_id, project_id, slug, name, visibility,
            description, keywords, storage_type, configuration, source_path, target_path, readonly,
            doi, publisher_name, created_by, creation_date, updated_at)
        SELECT c.id,
               CASE c.kind WHEN 'user' THEN pg_temp.ulid(1, c.owner_n)
                           WHEN 'group' THEN pg_temp.ulid(3, c.owner_n) END,
               CASE WHEN c.kind = 'project' THEN pg_temp.ulid(0, c.owner_n) END,
               pg_temp.word(c.n * 7 + 1) || '-data-' || c.n,
               initcap(pg_temp.word(c.n * 7 + 1)) || ' ' || pg_temp.word(c.n * 7 + 2) || ' data',
               c.visibility,
               'Raw and processed ' || pg_temp.sentence(c.n + 1000000000, 8),
               ARRAY[pg_temp.kw(c.n * 5 + 9)],
               CASE WHEN c.kind = 'global' THEN 'doi' ELSE 's3' END, '{"type":"s3"}',
               'bucket/' || c.n, '/data/' || c.n, c.n %% 4 <> 0,
               CASE WHEN c.kind = 'global' THEN '10.5281/zenodo.' || c.n END,
               CASE WHEN c.kind = 'global' THEN 'Zenodo' END,
               'bench-user-' || (1 + (c.n * 7919) %% %d), now() - make_interval(secs => c.n * 131), now()
        FROM seed_connectors c
        """
            .formatted(u));

    // relationships, as the data service writes them
    out.add(
        """
        INSERT INTO authz.relationships (resource_type, resource_id, relation, subject_type, subject_id)
        SELECT 'user_namespace', pg_temp.ulid(1, n), r.relation, r.subject_type,
               CASE WHEN r.subject_id = '' THEN 'bench-user-' || n ELSE r.subject_id END
        FROM generate_series(1, %d) n,
             (VALUES ('owner', 'user', ''), ('user_namespace_platform', 'platform', 'renku'),
                     ('public_viewer', 'user', '*'), ('public_viewer', 'anonymous_user', '*'))
               AS r(relation, subject_type, subject_id)
        """
            .formatted(u));
    out.add(
        """
        INSERT INTO authz.relationships (resource_type, resource_id, relation, subject_type, subject_id)
        SELECT 'group', pg_temp.ulid(2, n), r.relation, r.subject_type,
               CASE WHEN r.subject_id = '' THEN 'bench-user-' || (1 + (n * 37) %% %1$d) ELSE r.subject_id END
        FROM generate_series(1, %2$d) n,
             (VALUES ('owner', 'user', ''), ('group_platform', 'platform', 'renku'),
                     ('public_viewer', 'user', '*'), ('public_viewer', 'anonymous_user', '*'))
               AS r(relation, subject_type, subject_id)
        """
            .formatted(u, g));
    out.add(
        """
        INSERT INTO authz.relationships (resource_type, resource_id, relation, subject_type, subject_id)
        SELECT DISTINCT 'group', pg_temp.ulid(2, n), (ARRAY['viewer', 'editor'])[1 + m %% 2], 'user',
               'bench-user-' || (2 + (n * 101 + m * 7) %% (%1$d - 1))
        FROM generate_series(1, %2$d) n, generate_series(1, 5) m
        ON CONFLICT DO NOTHING
        """
            .formatted(u, g));
    out.add(
        """
        INSERT INTO authz.relationships (resource_type, resource_id, relation, subject_type, subject_id)
        SELECT 'group', pg_temp.ulid(2, n), 'viewer', 'user', '%s'
        FROM generate_series(1, 10) n
        ON CONFLICT DO NOTHING
        """
            .formatted(BENCH_USER));
    out.add(
        """
        INSERT INTO authz.relationships (resource_type, resource_id, relation, subject_type, subject_id)
        SELECT 'project', sp.id, r.relation,
               CASE r.relation WHEN 'owner' THEN 'user' WHEN 'project_platform' THEN 'platform'
                    ELSE CASE WHEN sp.ns_kind = 'user' THEN 'user_namespace' ELSE 'group' END END,
               CASE r.relation WHEN 'owner' THEN sp.owner WHEN 'project_platform' THEN 'renku'
                    ELSE pg_temp.ulid(CASE WHEN sp.ns_kind = 'user' THEN 1 ELSE 2 END, sp.ns_n) END
        FROM seed_projects sp,
             (VALUES ('owner'), ('project_platform'), ('project_namespace')) r(relation)
        """);
    out.add(
        """
        INSERT INTO authz.relationships (resource_type, resource_id, relation, subject_type, subject_id)
        SELECT 'project', sp.id, 'public_viewer', t.t, '*'
        FROM seed_projects sp, (VALUES ('user'), ('anonymous_user')) t(t)
        WHERE sp.visibility = 'public'
        """);
    out.add(
        """
        INSERT INTO authz.relationships (resource_type, resource_id, relation, subject_type, subject_id)
        SELECT 'data_connector', c.id, 'data_connector_namespace',
               CASE c.kind WHEN 'user' THEN 'user_namespace' WHEN 'group' THEN 'group' ELSE 'project' END,
               pg_temp.ulid(CASE c.kind WHEN 'user' THEN 1 WHEN 'group' THEN 2 ELSE 0 END, c.owner_n)
        FROM seed_connectors c WHERE c.kind <> 'global'
        """);
    out.add(
        """
        INSERT INTO authz.relationships (resource_type, resource_id, relation, subject_type, subject_id)
        SELECT 'data_connector', c.id, 'data_connector_platform', 'platform', 'renku'
        FROM seed_connectors c
        """);
    out.add(
        """
        INSERT INTO authz.relationships (resource_type, resource_id, relation, subject_type, subject_id)
        SELECT 'data_connector', c.id, 'public_viewer', t.t, '*'
        FROM seed_connectors c, (VALUES ('user'), ('anonymous_user')) t(t)
        WHERE c.visibility = 'public'
        """);
    return out;
  }
}
