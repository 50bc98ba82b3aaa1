-- Session launchers (issue 4): how the sessions of a project start. A launcher points at a
-- global environment or at its own CUSTOM one, which the launcher's service deletes with it.
CREATE TABLE sessions.launchers (
    id                varchar(26)  PRIMARY KEY,
    project_id        varchar(26)  NOT NULL REFERENCES projects.projects (id) ON DELETE CASCADE,
    name              varchar(99)  NOT NULL,
    description       varchar(500),
    environment_id    varchar(26)  NOT NULL REFERENCES sessions.environments (id) ON DELETE RESTRICT,
    resource_class_id integer,
    disk_storage      bigint       CHECK (disk_storage >= 1),
    env_names         text[]       NOT NULL DEFAULT '{}',
    env_values        text[]       NOT NULL DEFAULT '{}',
    launcher_type     varchar(20)  NOT NULL DEFAULT 'interactive'
                                   CHECK (launcher_type IN ('interactive', 'non-interactive')),
    created_by_id     varchar(36)  REFERENCES users.users (id) ON DELETE SET NULL,
    creation_date     timestamptz  NOT NULL DEFAULT now()
);
CREATE INDEX launchers_project_idx ON sessions.launchers (project_id, id);
CREATE INDEX launchers_environment_idx ON sessions.launchers (environment_id);
