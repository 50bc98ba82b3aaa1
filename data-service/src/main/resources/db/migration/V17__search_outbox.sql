-- The search outbox (issue 21): the data service's services write one row per change of a user,
-- group, project or data connector in the same transaction as the change; the search indexer
-- (data-tasks) drains it into Solr. A row says only what changed, never a document: the indexer
-- reads the entity's current state when it takes the row.
CREATE SCHEMA IF NOT EXISTS search;
CREATE TABLE search.outbox (
    id          bigserial    PRIMARY KEY,
    entity_type varchar(20)  NOT NULL CHECK (entity_type IN ('user','group','project','data_connector')),
    entity_id   varchar(64)  NOT NULL,
    op          varchar(10)  NOT NULL CHECK (op IN ('upsert','delete')),
    namespace_path varchar(500),          -- for deletes of a group/user namespace: every document under it goes
    created_at  timestamptz  NOT NULL DEFAULT now(),
    attempts    int          NOT NULL DEFAULT 0,
    last_error  varchar(1000),
    next_attempt_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX outbox_due_idx ON search.outbox (next_attempt_at, id);
