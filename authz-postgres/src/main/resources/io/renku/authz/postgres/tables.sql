-- The tables of the relational authorization store, as they stand after every migration of the
-- data service (V1, V2, V3 and V9 of data-service/src/main/resources/db/migration). A deployed
-- database gets them from those migrations; this file creates them in one step for a new database
-- (this module's tests, a new service that owns its own database). The data service's
-- AuthzTablesMatchMigrationsTest fails when the two drift apart.
CREATE SCHEMA IF NOT EXISTS authz;

-- The source of truth for authorization: every relationship, written in the same transaction as
-- the entity it belongs to. SpiceDB holds a copy that is kept in step through authz.pending.
CREATE TABLE authz.relationships (
    resource_type    varchar(64)  NOT NULL,
    resource_id      varchar(128) NOT NULL,
    relation         varchar(64)  NOT NULL,
    subject_type     varchar(64)  NOT NULL,
    subject_id       varchar(128) NOT NULL,
    subject_relation varchar(64)  NOT NULL DEFAULT '',
    PRIMARY KEY (resource_type, resource_id, relation, subject_type, subject_id, subject_relation)
);
-- Relationships by subject: readable sets and reverse lookups. resource_id is in the key so that a
-- lookup of one exact relationship is exact too.
CREATE INDEX relationships_subject_exact_idx
    ON authz.relationships (subject_type, subject_id, resource_type, relation, resource_id)
    INCLUDE (subject_relation);

-- Relationships changed in Postgres but not yet applied to SpiceDB. The sync applies the current
-- state of each listed relationship (present -> TOUCH, absent -> DELETE), so order does not matter.
CREATE TABLE authz.pending (
    seq              bigserial    PRIMARY KEY,
    resource_type    varchar(64)  NOT NULL,
    resource_id      varchar(128) NOT NULL,
    relation         varchar(64)  NOT NULL,
    subject_type     varchar(64)  NOT NULL,
    subject_id       varchar(128) NOT NULL,
    subject_relation varchar(64)  NOT NULL DEFAULT '',
    created_at       timestamptz  NOT NULL DEFAULT now()
);

-- The schema text a relational authorizer evaluates (renku.authz-engine=postgres).
CREATE TABLE authz.schema (
    id         int         PRIMARY KEY CHECK (id = 1),
    text       text        NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Advanced after every committed change of authz.relationships, so that caches derived from the
-- relationships know when they are out of date.
CREATE SEQUENCE authz.generation;
