-- Advanced after every committed change of authz.relationships, so that caches derived from the
-- relationships (the private projects a user can read) know when they are out of date.
CREATE SEQUENCE authz.generation;

-- Index-only versions of the two lookups a project listing makes: relationships by subject, and
-- the visibility of a project by id.
CREATE INDEX relationships_subject_cover_idx
    ON authz.relationships (subject_type, subject_id, resource_type, relation)
    INCLUDE (resource_id, subject_relation);
DROP INDEX authz.relationships_subject_idx;
CREATE INDEX projects_id_visibility_idx ON projects.projects (id) INCLUDE (visibility);
