-- Project session secret slots (issue 20): a project names files in its sessions' secrets
-- directory; each user fills a slot with one of their own secrets. Deleting the project removes
-- its slots, deleting a slot or a secret removes the fillings that used it.
CREATE TABLE projects.session_secret_slots (
    id            varchar(26)  PRIMARY KEY,
    project_id    varchar(26)  NOT NULL REFERENCES projects.projects (id) ON DELETE CASCADE,
    name          varchar(99)  NOT NULL,
    description   varchar(500),
    filename      varchar(200) NOT NULL,
    created_by_id varchar(36)  REFERENCES users.users (id) ON DELETE SET NULL,
    creation_date timestamptz  NOT NULL,
    updated_at    timestamptz  NOT NULL,
    CONSTRAINT session_secret_slots_project_filename UNIQUE (project_id, filename)
);

-- The pair (id, user_id) lets a filling name only a secret of the same user (the foreign key
-- below), whatever the code above it does.
ALTER TABLE secrets.user_secrets ADD CONSTRAINT user_secrets_id_user UNIQUE (id, user_id);

CREATE TABLE projects.session_secrets (
    id             varchar(26) PRIMARY KEY,
    secret_slot_id varchar(26) NOT NULL REFERENCES projects.session_secret_slots (id) ON DELETE CASCADE,
    user_id        varchar(36) NOT NULL REFERENCES users.users (id) ON DELETE CASCADE,
    secret_id      varchar(26) NOT NULL,
    CONSTRAINT session_secrets_slot_user UNIQUE (secret_slot_id, user_id),
    CONSTRAINT session_secrets_own_secret FOREIGN KEY (secret_id, user_id)
        REFERENCES secrets.user_secrets (id, user_id) ON DELETE CASCADE
);
CREATE INDEX session_secrets_user_idx ON projects.session_secrets (user_id, secret_slot_id);
CREATE INDEX session_secrets_secret_idx ON projects.session_secrets (secret_id);
