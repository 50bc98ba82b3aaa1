-- Sessions in containers (issue 16): what the container runs as, where the work volume is mounted,
-- and the project's repositories to clone into it at the first start (a snapshot, like the rest).
ALTER TABLE sessions.sessions
    ADD COLUMN uid             integer      NOT NULL DEFAULT 1000,
    ADD COLUMN gid             integer      NOT NULL DEFAULT 1000,
    ADD COLUMN mount_directory varchar(500),
    ADD COLUMN repositories    text[]       NOT NULL DEFAULT '{}';
