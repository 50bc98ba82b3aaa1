-- Core data model of the data service: users, namespaces, groups, projects, platform settings and
-- the authorization relationship log. One schema per area, as in the original Renku.

CREATE SCHEMA IF NOT EXISTS users;
CREATE SCHEMA IF NOT EXISTS common;
CREATE SCHEMA IF NOT EXISTS projects;
CREATE SCHEMA IF NOT EXISTS platform;
CREATE SCHEMA IF NOT EXISTS authz;

-- Users are keyed by the identity provider's subject ("sub" claim).
CREATE TABLE users.users (
    id            varchar(36)  PRIMARY KEY,
    first_name    varchar(256),
    last_name     varchar(256),
    email         varchar(320),
    creation_date timestamptz  NOT NULL DEFAULT now(),
    updated_at    timestamptz  NOT NULL DEFAULT now()
);
CREATE INDEX users_email_idx ON users.users (lower(email));

CREATE TABLE users.user_preferences (
    user_id                        varchar(36) PRIMARY KEY REFERENCES users.users (id) ON DELETE CASCADE,
    pinned_projects                text[]      NOT NULL DEFAULT '{}',
    show_project_migration_banner  boolean     NOT NULL DEFAULT true
);

CREATE TABLE common.groups (
    id            varchar(26)     PRIMARY KEY,
    name          varchar(99)  NOT NULL,
    description   varchar(500),
    created_by    varchar(36)  NOT NULL,
    creation_date timestamptz  NOT NULL DEFAULT now(),
    updated_at    timestamptz  NOT NULL DEFAULT now()
);

-- A namespace is either a user's or a group's; slugs are unique across both kinds.
CREATE TABLE common.namespaces (
    id       varchar(26)    PRIMARY KEY,
    slug     varchar(99) NOT NULL,
    user_id  varchar(36) REFERENCES users.users (id) ON DELETE CASCADE,
    group_id varchar(26)    REFERENCES common.groups (id) ON DELETE CASCADE,
    CONSTRAINT namespaces_one_owner CHECK ((user_id IS NULL) <> (group_id IS NULL))
);
CREATE UNIQUE INDEX namespaces_slug_idx ON common.namespaces (slug);
CREATE UNIQUE INDEX namespaces_user_idx ON common.namespaces (user_id) WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX namespaces_group_idx ON common.namespaces (group_id) WHERE group_id IS NOT NULL;

-- Slugs a namespace had before a rename, so that old links keep resolving.
CREATE TABLE common.namespaces_old (
    slug           varchar(99) PRIMARY KEY,
    latest_slug_id varchar(26)    NOT NULL REFERENCES common.namespaces (id) ON DELETE CASCADE,
    created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE projects.projects (
    id                      varchar(26)     PRIMARY KEY,
    namespace_id            varchar(26)     NOT NULL REFERENCES common.namespaces (id) ON DELETE CASCADE,
    slug                    varchar(99)  NOT NULL,
    name                    varchar(99)  NOT NULL,
    visibility              varchar(10)  NOT NULL CHECK (visibility IN ('private', 'public')),
    description             varchar(500),
    keywords                varchar(99)[] NOT NULL DEFAULT '{}',
    repositories            varchar(2000)[] NOT NULL DEFAULT '{}',
    documentation           varchar(5000),
    secrets_mount_directory varchar(2000) NOT NULL DEFAULT '/secrets',
    created_by              varchar(36)  NOT NULL,
    creation_date           timestamptz  NOT NULL DEFAULT now(),
    updated_at              timestamptz  NOT NULL DEFAULT now(),
    template_id             varchar(26)     REFERENCES projects.projects (id) ON DELETE SET NULL,
    is_template             boolean      NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX projects_namespace_slug_idx ON projects.projects (namespace_id, slug);
CREATE INDEX projects_updated_idx ON projects.projects (updated_at DESC, id DESC);
CREATE INDEX projects_public_updated_idx ON projects.projects (updated_at DESC, id DESC) WHERE visibility = 'public';
CREATE INDEX projects_template_idx ON projects.projects (template_id) WHERE template_id IS NOT NULL;

-- Old (namespace, slug) paths of projects that were renamed or moved.
CREATE TABLE projects.project_slugs_old (
    namespace_id varchar(26)    NOT NULL REFERENCES common.namespaces (id) ON DELETE CASCADE,
    slug         varchar(99) NOT NULL,
    project_id   varchar(26)    NOT NULL REFERENCES projects.projects (id) ON DELETE CASCADE,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (namespace_id, slug)
);

CREATE TABLE platform.config (
    id              varchar(10) PRIMARY KEY CHECK (id = 'config'),
    incident_banner text        NOT NULL DEFAULT '',
    updated_at      timestamptz NOT NULL DEFAULT now()
);
INSERT INTO platform.config (id) VALUES ('config');

CREATE TABLE platform.authorization_config (
    id              varchar(10) PRIMARY KEY CHECK (id = 'config'),
    create_projects varchar(20) NOT NULL DEFAULT 'registered_users'
        CHECK (create_projects IN ('admins_only', 'registered_users')),
    create_groups   varchar(20) NOT NULL DEFAULT 'registered_users'
        CHECK (create_groups IN ('admins_only', 'registered_users')),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
INSERT INTO platform.authorization_config (id) VALUES ('config');

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
CREATE INDEX relationships_subject_idx ON authz.relationships (subject_type, subject_id, resource_type);

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
