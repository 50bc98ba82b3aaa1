-- Session environments (issue 4): the images and settings sessions are launched from. GLOBAL ones
-- are the platform's (admin-managed); CUSTOM ones will belong to a launcher.
CREATE SCHEMA IF NOT EXISTS sessions;

CREATE TABLE sessions.environments (
    id                       varchar(26)  PRIMARY KEY,
    name                     varchar(99)  NOT NULL,
    description              varchar(500),
    container_image          varchar(500) NOT NULL,
    default_url              varchar(200) NOT NULL,
    uid                      integer      NOT NULL CHECK (uid BETWEEN 0 AND 65535),
    gid                      integer      NOT NULL CHECK (gid BETWEEN 0 AND 65535),
    working_directory        varchar(500),
    mount_directory          varchar(500),
    port                     integer      NOT NULL CHECK (port BETWEEN 0 AND 65400),
    command                  text[],
    args                     text[],
    is_archived              boolean      NOT NULL DEFAULT false,
    strip_path_prefix        boolean      NOT NULL DEFAULT false,
    environment_kind         varchar(10)  NOT NULL CHECK (environment_kind IN ('GLOBAL', 'CUSTOM')),
    environment_image_source varchar(10)  NOT NULL CHECK (environment_image_source IN ('image', 'build')),
    created_by_id            varchar(36)  REFERENCES users.users (id) ON DELETE SET NULL,
    creation_date            timestamptz  NOT NULL DEFAULT now()
);
CREATE INDEX environments_kind_idx ON sessions.environments (environment_kind, is_archived, id);
