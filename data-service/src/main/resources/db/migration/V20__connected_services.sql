-- Connected services (issue 22), as the original's connected_services schema: OAuth2 clients
-- ("providers", written by admins) and each user's connection to one of them. Secrets (the client
-- secret, the token set) are stored encrypted only (decision 0040); the PKCE verifier and the
-- state live only while a connection is pending.
CREATE SCHEMA IF NOT EXISTS connected_services;

CREATE TABLE connected_services.oauth2_clients (
    id                 varchar(99)  PRIMARY KEY,
    kind               varchar(20)  NOT NULL,
    app_slug           text         NOT NULL DEFAULT '',
    client_id          text         NOT NULL,
    client_secret      bytea,
    display_name       text         NOT NULL,
    scope              text         NOT NULL,
    url                text         NOT NULL,
    use_pkce           boolean      NOT NULL DEFAULT false,
    image_registry_url text,
    oidc_issuer_url    text,
    created_by_id      varchar(36)  NOT NULL,
    creation_date      timestamptz  NOT NULL DEFAULT now(),
    updated_at         timestamptz  NOT NULL DEFAULT now()
);

-- One connection per user and provider (the original's unique constraint): authorizing again
-- resets it to pending. Deleting the user or the provider deletes the connections.
CREATE TABLE connected_services.oauth2_connections (
    id            varchar(26)  PRIMARY KEY,
    user_id       varchar(36)  NOT NULL REFERENCES users.users (id) ON DELETE CASCADE,
    client_id     varchar(99)  NOT NULL
        REFERENCES connected_services.oauth2_clients (id) ON DELETE CASCADE,
    status        varchar(20)  NOT NULL CHECK (status IN ('connected', 'pending')),
    token         bytea,
    token_expires_at timestamptz,
    state         varchar(128) UNIQUE,
    code_verifier bytea,
    next_url      text,
    pending_since timestamptz,
    creation_date timestamptz  NOT NULL DEFAULT now(),
    updated_at    timestamptz  NOT NULL DEFAULT now(),
    UNIQUE (user_id, client_id)
);

CREATE INDEX oauth2_connections_client_idx ON connected_services.oauth2_connections (client_id);

-- Refresh tokens this platform hands to sessions for POST .../token_endpoint: only their SHA-256
-- digest is kept, each used once (a new one comes back with every use).
CREATE TABLE connected_services.session_refresh_tokens (
    digest        bytea        PRIMARY KEY,
    connection_id varchar(26)  NOT NULL
        REFERENCES connected_services.oauth2_connections (id) ON DELETE CASCADE,
    expires_at    timestamptz  NOT NULL
);
CREATE INDEX session_refresh_tokens_connection_idx
    ON connected_services.session_refresh_tokens (connection_id);
