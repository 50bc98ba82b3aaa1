-- User secrets (issue 20): values sealed as the original seals them (decision 0029): the per-user
-- key is kept encrypted with the service's ENCRYPTION_KEY; a value is encrypted with that user key
-- and again with a random key, which is encrypted with the secrets service's public RSA key.
ALTER TABLE users.users ADD COLUMN secret_key bytea;

CREATE SCHEMA IF NOT EXISTS secrets;
CREATE TABLE secrets.user_secrets (
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
CREATE INDEX user_secrets_user_idx ON secrets.user_secrets (user_id, kind, name);
