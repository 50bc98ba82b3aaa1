-- The schema text a relational authorizer evaluates (renku.authz.engine=postgres).
CREATE TABLE authz.schema (
    id         int         PRIMARY KEY CHECK (id = 1),
    text       text        NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
