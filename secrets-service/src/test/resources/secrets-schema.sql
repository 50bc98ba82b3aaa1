-- The part of the data service's schema this service reads (users.users is cut to what matters
-- here; secrets.user_secrets as the data service's V14__user_secrets.sql makes it).
CREATE SCHEMA IF NOT EXISTS users;
CREATE TABLE IF NOT EXISTS users.users (
    id         varchar(36) PRIMARY KEY,
    secret_key bytea
);
CREATE SCHEMA IF NOT EXISTS secrets;
CREATE TABLE IF NOT EXISTS secrets.user_secrets (
    id                   varchar(26)  PRIMARY KEY,
    user_id              varchar(36)  NOT NULL REFERENCES users.users (id) ON DELETE CASCADE,
    name                 varchar(99)  NOT NULL,
    kind                 varchar(16)  NOT NULL CHECK (kind IN ('general', 'storage')),
    default_filename     varchar(99)  NOT NULL,
    encrypted_value      bytea        NOT NULL,
    encrypted_key        bytea        NOT NULL,
    expiration_timestamp timestamptz,
    modification_date    timestamptz  NOT NULL,
    UNIQUE (user_id, kind, name)
);
