-- Seeds a realistic large installation straight into Postgres (API calls would take hours):
--   :users users (each with a namespace), :groups groups, :projects projects (10 % public).
-- The bench user 'bench-user-1' is a viewer of groups 1..10, which hold the first 1,000
-- projects, all private: that user reaches exactly 1,000 private projects through groups,
-- besides the public ones everybody reads.
-- Ids are valid ULIDs built from numbers: a one-digit kind prefix and a 25-digit counter.
\set ON_ERROR_STOP on
BEGIN;
SET LOCAL synchronous_commit = off;

INSERT INTO users.users (id, first_name, last_name, email, creation_date, updated_at)
SELECT 'bench-user-' || n, 'User', 'Number ' || n, 'user' || n || '@bench.example',
       now() - make_interval(secs => n), now() - make_interval(secs => n)
FROM generate_series(1, :users) n;

INSERT INTO common.namespaces (id, slug, user_id)
SELECT '1' || lpad(n::text, 25, '0'), 'user' || n, 'bench-user-' || n
FROM generate_series(1, :users) n;

INSERT INTO common.groups (id, name, description, created_by, creation_date, updated_at)
SELECT '2' || lpad(n::text, 25, '0'), 'Group ' || n, 'Benchmark group ' || n,
       'bench-user-' || (1 + (n * 37) % :users), now() - make_interval(secs => n), now()
FROM generate_series(1, :groups) n;

INSERT INTO common.namespaces (id, slug, group_id)
SELECT '3' || lpad(n::text, 25, '0'), 'group' || n, '2' || lpad(n::text, 25, '0')
FROM generate_series(1, :groups) n;

-- Projects 1..1000 live in groups 1..10 and are private; the others are spread over user
-- namespaces (odd n) and groups 11.. (even n); every tenth of those is public.
CREATE TEMP TABLE seed_projects AS
SELECT n,
       '0' || lpad(n::text, 25, '0') AS id,
       CASE WHEN n <= 1000 THEN 'group'
            WHEN n % 2 = 1 THEN 'user' ELSE 'group' END AS ns_kind,
       CASE WHEN n <= 1000 THEN 1 + (n - 1) / 100
            WHEN n % 2 = 1 THEN 1 + (n::bigint * 7919) % :users
            ELSE 11 + (n * 31) % (:groups - 10) END AS ns_n,
       CASE WHEN n > 1000 AND n % 10 = 0 THEN 'public' ELSE 'private' END AS visibility
FROM generate_series(1, :projects) n;

INSERT INTO projects.projects (id, namespace_id, slug, name, visibility, description, keywords,
                               created_by, creation_date, updated_at)
SELECT p.id,
       CASE WHEN p.ns_kind = 'user' THEN '1' ELSE '3' END || lpad(p.ns_n::text, 25, '0'),
       'project-' || p.n, 'Project ' || p.n, p.visibility, 'A benchmark project',
       ARRAY['bench', 'k' || (p.n % 50)],
       CASE WHEN p.ns_kind = 'user' THEN 'bench-user-' || p.ns_n
            ELSE 'bench-user-' || (1 + (p.ns_n * 37) % :users) END,
       now() - make_interval(secs => p.n), now() - make_interval(secs => p.n)
FROM seed_projects p;

-- Relationships, exactly as the service writes them.
INSERT INTO authz.relationships (resource_type, resource_id, relation, subject_type, subject_id)
SELECT 'user_namespace', '1' || lpad(n::text, 25, '0'), r.relation, r.subject_type,
       CASE WHEN r.subject_id = '' THEN 'bench-user-' || n ELSE r.subject_id END
FROM generate_series(1, :users) n,
     (VALUES ('owner', 'user', ''), ('user_namespace_platform', 'platform', 'renku'),
             ('public_viewer', 'user', '*'), ('public_viewer', 'anonymous_user', '*'))
       AS r(relation, subject_type, subject_id);

INSERT INTO authz.relationships (resource_type, resource_id, relation, subject_type, subject_id)
SELECT 'group', '2' || lpad(n::text, 25, '0'), r.relation, r.subject_type,
       CASE WHEN r.subject_id = '' THEN 'bench-user-' || (1 + (n * 37) % :users) ELSE r.subject_id END
FROM generate_series(1, :groups) n,
     (VALUES ('owner', 'user', ''), ('group_platform', 'platform', 'renku'),
             ('public_viewer', 'user', '*'), ('public_viewer', 'anonymous_user', '*'))
       AS r(relation, subject_type, subject_id);

-- Five more members per group, and the bench user in groups 1..10.
INSERT INTO authz.relationships (resource_type, resource_id, relation, subject_type, subject_id)
SELECT DISTINCT 'group', '2' || lpad(n::text, 25, '0'),
       (ARRAY['viewer', 'editor'])[1 + m % 2], 'user', 'bench-user-' || (2 + (n * 101 + m * 7) % (:users - 1))
FROM generate_series(1, :groups) n, generate_series(1, 5) m
ON CONFLICT DO NOTHING;
INSERT INTO authz.relationships (resource_type, resource_id, relation, subject_type, subject_id)
SELECT 'group', '2' || lpad(n::text, 25, '0'), 'viewer', 'user', 'bench-user-1'
FROM generate_series(1, 10) n
ON CONFLICT DO NOTHING;

INSERT INTO authz.relationships (resource_type, resource_id, relation, subject_type, subject_id)
SELECT 'project', p.id, 'owner', 'user',
       CASE WHEN p.ns_kind = 'user' THEN 'bench-user-' || p.ns_n
            ELSE 'bench-user-' || (1 + (p.ns_n * 37) % :users) END
FROM seed_projects p;
INSERT INTO authz.relationships (resource_type, resource_id, relation, subject_type, subject_id)
SELECT 'project', p.id, 'project_platform', 'platform', 'renku' FROM seed_projects p;
INSERT INTO authz.relationships (resource_type, resource_id, relation, subject_type, subject_id)
SELECT 'project', p.id, 'project_namespace',
       CASE WHEN p.ns_kind = 'user' THEN 'user_namespace' ELSE 'group' END,
       CASE WHEN p.ns_kind = 'user' THEN '1' ELSE '2' END || lpad(p.ns_n::text, 25, '0')
FROM seed_projects p;
INSERT INTO authz.relationships (resource_type, resource_id, relation, subject_type, subject_id)
SELECT 'project', p.id, 'public_viewer', s.t, '*'
FROM seed_projects p, (VALUES ('user'), ('anonymous_user')) s(t)
WHERE p.visibility = 'public';

COMMIT;
-- Vacuum as autovacuum would have by then: the bench measures a settled installation.
VACUUM ANALYZE;
SELECT (SELECT count(*) FROM users.users) AS users, (SELECT count(*) FROM common.groups) AS groups,
       (SELECT count(*) FROM projects.projects) AS projects,
       (SELECT count(*) FROM projects.projects WHERE visibility = 'public') AS public_projects,
       (SELECT count(*) FROM authz.relationships) AS relationships;
