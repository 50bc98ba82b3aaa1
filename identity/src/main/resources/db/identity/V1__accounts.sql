-- Local accounts of the built-in identity provider (local mode). Passwords are bcrypt hashes.
CREATE TABLE accounts (
    id            varchar(36)  PRIMARY KEY,            -- the token subject (a UUID, as Keycloak's)
    username      varchar(64)  NOT NULL,
    email         varchar(320) NOT NULL,
    first_name    varchar(256) NOT NULL DEFAULT '',
    last_name     varchar(256) NOT NULL DEFAULT '',
    password_hash varchar(100) NOT NULL,
    admin         boolean      NOT NULL DEFAULT false,
    enabled       boolean      NOT NULL DEFAULT true,
    created_at    timestamptz  NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX accounts_username ON accounts (lower(username));
CREATE UNIQUE INDEX accounts_email ON accounts (lower(email));
