-- Remote clusters resource pools may run their sessions on (the original's /clusters), and the
-- remote configuration of pools that start their sessions elsewhere (FirecREST, Run:ai).
CREATE TABLE resource_pools.clusters (
    id                                           varchar(26)  PRIMARY KEY,
    name                                         varchar(40)  NOT NULL,
    config_name                                  varchar(40)  NOT NULL,
    session_protocol                             varchar(5)   NOT NULL
                                                              CHECK (session_protocol IN ('http', 'https')),
    session_host                                 varchar(256) NOT NULL,
    session_port                                 integer      NOT NULL
                                                              CHECK (session_port BETWEEN 0 AND 65536),
    session_path                                 varchar(256) NOT NULL,
    session_ingress_class_name                   varchar(256),
    session_ingress_annotations                  jsonb        NOT NULL DEFAULT '{}',
    session_tls_secret_name                      varchar(256),
    session_storage_class                        varchar(256),
    service_account_name                         varchar(63),
    session_ingress_use_default_cluster_tls_cert boolean      NOT NULL DEFAULT false
);
-- As the original: names and kubeconfig files are unique (a clash is a 409).
CREATE UNIQUE INDEX clusters_name_unique ON resource_pools.clusters (name);
CREATE UNIQUE INDEX clusters_config_name_unique ON resource_pools.clusters (config_name);

-- Until now cluster_id was stored without any cluster to point to: such ids name nothing, so they
-- are dropped before the reference is enforced.
UPDATE resource_pools.resource_pools SET cluster_id = NULL WHERE cluster_id IS NOT NULL;
-- A deleted cluster leaves its pools on no remote cluster, as the original's foreign key does.
ALTER TABLE resource_pools.resource_pools
    ADD CONSTRAINT resource_pools_cluster_fk FOREIGN KEY (cluster_id)
        REFERENCES resource_pools.clusters (id) ON DELETE SET NULL;
CREATE INDEX resource_pools_cluster_idx ON resource_pools.resource_pools (cluster_id);

-- The remote configuration ({"kind": "firecrest" | "runai", ...}), or null for local sessions.
ALTER TABLE resource_pools.resource_pools ADD COLUMN remote jsonb;
