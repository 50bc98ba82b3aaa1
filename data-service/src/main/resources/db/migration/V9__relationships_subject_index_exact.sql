-- The covering index of V3 held resource_id only as an included column, so a lookup of one exact
-- relationship that the planner sent through it (AuthzSync's presence check, RelationshipStore's
-- deletes) walked every relationship of the subject with that relation and filtered on
-- resource_id: for a user owning thousands of projects, 20+ ms of Postgres per created project.
-- With resource_id in the key, such a lookup is exact; listing still reads the same prefix.
CREATE INDEX relationships_subject_exact_idx
    ON authz.relationships (subject_type, subject_id, resource_type, relation, resource_id)
    INCLUDE (subject_relation);
DROP INDEX authz.relationships_subject_cover_idx;
