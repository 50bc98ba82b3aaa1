-- Data deposits (issue 22), as the original's storage.deposits: a user's export of a data
-- connector's files to Zenodo or EnviDat. The provider and status are plain checked text instead
-- of the original's lookup tables. One deposit per user and connector (the original checks it in
-- its service; here the unique constraint also settles a race). original_id is the provider's id
-- of the deposit (Zenodo's deposition id). job_name names the current upload run; logs holds its
-- output (the original reads it from the Kubernetes job's pod). external_url is kept as it was
-- when the deposit was made (Zenodo's address comes from the admin's provider, which may change).
CREATE TABLE storage.deposits (
    id                varchar(26)   PRIMARY KEY,
    user_id           varchar(36)   NOT NULL REFERENCES users.users (id) ON DELETE CASCADE,
    data_connector_id varchar(26)   NOT NULL REFERENCES storage.data_connectors (id) ON DELETE CASCADE,
    provider          varchar(20)   NOT NULL CHECK (provider IN ('zenodo', 'envidat')),
    status            varchar(20)   NOT NULL
        CHECK (status IN ('in_progress', 'complete', 'failed', 'upload_complete')),
    original_id       varchar(200)  NOT NULL,
    name              varchar(99)   NOT NULL,
    path              varchar(1000),
    job_name          varchar(100)  NOT NULL,
    external_url      varchar(2000) NOT NULL,
    logs              text          NOT NULL DEFAULT '',
    creation_date     timestamptz   NOT NULL DEFAULT now(),
    updated_at        timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT deposits_user_connector_unique UNIQUE (user_id, data_connector_id)
);

CREATE INDEX deposits_data_connector_idx ON storage.deposits (data_connector_id);
