-- Sessions (issue 4): one row per session a user or anonymous visitor started. The row holds the
-- wanted state (running or hibernated) and a snapshot of what to run, taken at the first start, so
-- that resuming, culling and recovery after a restart need nothing else; runtimes report the rest.
CREATE TABLE sessions.sessions (
    name                        varchar(50)      PRIMARY KEY,
    owner_id                    varchar(64)      NOT NULL,
    anonymous                   boolean          NOT NULL,
    project_id                  varchar(26)      NOT NULL REFERENCES projects.projects (id) ON DELETE CASCADE,
    launcher_id                 varchar(26)      NOT NULL REFERENCES sessions.launchers (id) ON DELETE CASCADE,
    session_type                varchar(20)      NOT NULL DEFAULT 'interactive',
    resource_class_id           integer          NOT NULL,
    resource_pool_id            integer          NOT NULL,
    cpu                         double precision NOT NULL,
    memory_gb                   bigint           NOT NULL,
    gpu                         bigint           NOT NULL,
    disk_gb                     bigint           NOT NULL,
    quota_enforced              boolean          NOT NULL,
    idle_threshold_s            bigint,
    hibernation_threshold_s     bigint,
    image                       varchar(500)     NOT NULL,
    command                     text[]           NOT NULL,
    args                        text[]           NOT NULL,
    env_names                   text[]           NOT NULL,
    env_values                  text[]           NOT NULL,
    port                        integer          NOT NULL,
    default_url                 varchar(200)     NOT NULL,
    working_directory           varchar(500),
    token                       varchar(100)     NOT NULL,
    desired_state               varchar(20)      NOT NULL CHECK (desired_state IN ('running', 'hibernated')),
    created_at                  timestamptz      NOT NULL DEFAULT now(),
    started_at                  timestamptz      NOT NULL DEFAULT now(),
    last_interaction            timestamptz      NOT NULL DEFAULT now(),
    hibernated_at               timestamptz
);
CREATE INDEX sessions_owner_idx ON sessions.sessions (owner_id, created_at DESC);
CREATE INDEX sessions_pool_running_idx ON sessions.sessions (resource_pool_id) WHERE desired_state = 'running';
