-- Data connectors (issue 20): remote storage, described by an rclone configuration, that sessions
-- mount. A connector belongs to a user or group namespace (namespace_id), to a project
-- (project_id), or to nobody (a global connector, found by its DOI). Credentials never go into
-- the configuration: each user saves their own as user secrets of kind 'storage'.
CREATE SCHEMA IF NOT EXISTS storage;

CREATE TABLE storage.data_connectors (
    id             varchar(26)   PRIMARY KEY,
    namespace_id   varchar(26)   REFERENCES common.namespaces (id) ON DELETE CASCADE,
    project_id     varchar(26)   REFERENCES projects.projects (id) ON DELETE CASCADE,
    slug           varchar(99)   NOT NULL,
    name           varchar(99)   NOT NULL,
    visibility     varchar(10)   NOT NULL CHECK (visibility IN ('private', 'public')),
    description    varchar(500),
    keywords       varchar(99)[] NOT NULL DEFAULT '{}',
    storage_type   varchar(99)   NOT NULL,
    configuration  jsonb         NOT NULL,
    source_path    varchar(1000) NOT NULL,
    target_path    varchar(1000) NOT NULL,
    readonly       boolean       NOT NULL,
    doi            varchar(500),
    publisher_name varchar(500),
    publisher_url  varchar(2000),
    created_by     varchar(36)   NOT NULL,
    creation_date  timestamptz   NOT NULL,
    updated_at     timestamptz   NOT NULL,
    CONSTRAINT data_connectors_one_owner CHECK (namespace_id IS NULL OR project_id IS NULL),
    CONSTRAINT data_connectors_global_has_doi
        CHECK (namespace_id IS NOT NULL OR project_id IS NOT NULL OR doi IS NOT NULL)
);
-- Slugs are unique per owner; global connectors share one space of slugs and one per DOI.
CREATE UNIQUE INDEX data_connectors_namespace_slug_idx
    ON storage.data_connectors (namespace_id, slug) WHERE namespace_id IS NOT NULL;
CREATE UNIQUE INDEX data_connectors_project_slug_idx
    ON storage.data_connectors (project_id, slug) WHERE project_id IS NOT NULL;
CREATE UNIQUE INDEX data_connectors_global_slug_idx
    ON storage.data_connectors (slug) WHERE namespace_id IS NULL AND project_id IS NULL;
CREATE UNIQUE INDEX data_connectors_global_doi_idx
    ON storage.data_connectors (doi) WHERE namespace_id IS NULL AND project_id IS NULL;
CREATE INDEX data_connectors_created_idx ON storage.data_connectors (creation_date DESC, id DESC);

-- A project's sessions mount the connectors linked to it; deleting either side removes the link.
CREATE TABLE storage.data_connector_project_links (
    id                varchar(26) PRIMARY KEY,
    data_connector_id varchar(26) NOT NULL REFERENCES storage.data_connectors (id) ON DELETE CASCADE,
    project_id        varchar(26) NOT NULL REFERENCES projects.projects (id) ON DELETE CASCADE,
    created_by        varchar(36) NOT NULL,
    creation_date     timestamptz NOT NULL,
    UNIQUE (data_connector_id, project_id)
);
CREATE INDEX data_connector_project_links_project_idx
    ON storage.data_connector_project_links (project_id);

-- Which of a user's storage secrets holds which credential option of a connector.
CREATE TABLE storage.data_connector_secrets (
    user_id           varchar(36) NOT NULL REFERENCES users.users (id) ON DELETE CASCADE,
    data_connector_id varchar(26) NOT NULL REFERENCES storage.data_connectors (id) ON DELETE CASCADE,
    name              varchar(99) NOT NULL,
    secret_id         varchar(26) NOT NULL REFERENCES secrets.user_secrets (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, data_connector_id, name)
);
CREATE INDEX data_connector_secrets_secret_idx ON storage.data_connector_secrets (secret_id);
