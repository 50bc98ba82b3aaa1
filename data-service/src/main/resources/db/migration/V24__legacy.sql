-- The original's Renku v1 legacy (issue 22), kept small: there is no Renku v1 here.
CREATE SCHEMA IF NOT EXISTS legacy;

-- A project created from a Renku v1 project (its GitLab id), as the original's
-- projects.project_migrations: one v2 project per v1 id, and the launcher the migration made.
-- Deleting the project deletes the record; deleting the launcher only forgets it.
CREATE TABLE legacy.project_migrations (
    v1_id         bigint      PRIMARY KEY CHECK (v1_id >= 0),
    project_id    varchar(26) NOT NULL UNIQUE REFERENCES projects.projects (id) ON DELETE CASCADE,
    launcher_id   varchar(26) REFERENCES sessions.launchers (id) ON DELETE SET NULL,
    created_by    varchar(36) NOT NULL,
    creation_date timestamptz NOT NULL DEFAULT now()
);

-- The v1 form of a project's cloud storage (the original's storage.cloud_storage). project_ref is
-- the project as the client named it (an id, or a migrated project's v1 id), answered back as
-- project_id; project_id is the project it resolved to, for permissions and cascading deletes.
-- Credentials are never stored: the configuration holds '<sensitive>' in their place.
CREATE TABLE legacy.cloud_storage (
    id            varchar(26)   PRIMARY KEY,
    project_id    varchar(26)   NOT NULL REFERENCES projects.projects (id) ON DELETE CASCADE,
    project_ref   varchar(26)   NOT NULL,
    name          varchar(99)   NOT NULL,
    storage_type  varchar(99)   NOT NULL,
    configuration jsonb         NOT NULL,
    source_path   varchar(1000) NOT NULL,
    target_path   varchar(1000) NOT NULL,
    readonly      boolean       NOT NULL,
    creation_date timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT cloud_storage_name_per_project UNIQUE (project_id, name)
);
