-- The Kubernetes object cache: one row per watched object (AmaltheaSession, BuildRun, ...), kept by
-- the k8s watcher and read by the data service instead of asking the API server. The watcher owns
-- this schema (and its Flyway history table, k8s_cache.flyway_schema_history), so it can share a
-- database with the data service.

-- Flyway creates the schema k8s_cache (CacheSchema: schemas + createSchemas) before this runs.

CREATE TABLE k8s_cache.objects (
    id               bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    cluster          text        NOT NULL,
    api_group        text        NOT NULL,  -- '' for the core group
    version          text        NOT NULL,
    kind             text        NOT NULL,
    namespace        text        NOT NULL,
    name             text        NOT NULL,
    uid              text,
    resource_version text        NOT NULL,
    user_id          text,                  -- label renku.io/safe-username
    project_id       text,                  -- annotation renku.io/project_id
    launcher_id      text,                  -- annotation renku.io/launcher_id
    manifest         jsonb       NOT NULL,  -- the object as the API server returned it, without managedFields
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    -- one row per object; the column order serves get(kind, namespace, name) with or without the cluster
    CONSTRAINT objects_key UNIQUE (api_group, kind, namespace, name, cluster)
);

-- listByUser: "my sessions"
CREATE INDEX objects_user_idx ON k8s_cache.objects (api_group, kind, user_id);

-- Compares two resource versions: -1, 0 or 1, or NULL when they cannot be compared. Kubernetes calls
-- resource versions opaque, but the API server hands out increasing integers (etcd revisions) and
-- watches deliver them in that order, so two integers compare as numbers; anything else is "unknown".
CREATE FUNCTION k8s_cache.rv_cmp(a text, b text) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE
        WHEN a ~ '^[0-9]{1,30}$' AND b ~ '^[0-9]{1,30}$' THEN sign(a::numeric - b::numeric)::integer
    END;
