-- Image builds from a repository (issue 19). An environment built from code keeps how it is built
-- (build_*) and has no image until its first build succeeds.
ALTER TABLE sessions.environments
    ALTER COLUMN container_image DROP NOT NULL,
    ADD COLUMN build_repository          varchar(500),
    ADD COLUMN build_builder_variant     varchar(99),
    ADD COLUMN build_frontend_variant    varchar(99),
    ADD COLUMN build_repository_revision varchar(500),
    ADD COLUMN build_context_dir         varchar(500),
    ADD COLUMN build_platforms           text[],
    ADD CONSTRAINT environments_image_or_build CHECK (
        (environment_image_source = 'image' AND container_image IS NOT NULL)
        OR (environment_image_source = 'build' AND build_repository IS NOT NULL
            AND build_builder_variant IS NOT NULL AND build_frontend_variant IS NOT NULL));

CREATE TABLE sessions.builds (
    id               varchar(26)  PRIMARY KEY,
    environment_id   varchar(26)  NOT NULL REFERENCES sessions.environments (id) ON DELETE CASCADE,
    status           varchar(16)  NOT NULL
                     CHECK (status IN ('in_progress', 'succeeded', 'failed', 'cancelled')),
    created_at       timestamptz  NOT NULL,
    created_by_id    varchar(36)  REFERENCES users.users (id) ON DELETE SET NULL,
    error_reason     text,
    completed_at     timestamptz,
    result_image     varchar(500),
    result_repository_url   varchar(500),
    result_commit_sha       varchar(64),
    CHECK ((status = 'succeeded') = (result_image IS NOT NULL))
);
-- Newest first per environment, and at most one build in progress per environment: the second
-- concurrent start fails on this index and is answered 409.
CREATE INDEX builds_environment_idx ON sessions.builds (environment_id, created_at DESC, id DESC);
CREATE UNIQUE INDEX builds_one_in_progress_idx ON sessions.builds (environment_id)
    WHERE status = 'in_progress';
