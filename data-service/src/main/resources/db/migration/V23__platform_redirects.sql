-- Redirects from old URLs to new locations (issue 22), as the original's platform.url_redirects: a
-- Renku v1 project path (/projects/...) or a gitlab.renkulab.io URL, to a Renku 2 project (/p/ULID)
-- or an https URL. One plan per source URL. The service keeps both URLs printable ASCII and at most
-- 2000 characters, so the unique btree index never meets its entry size limit.
CREATE TABLE platform.url_redirects (
    id            varchar(26) PRIMARY KEY,
    source_url    text        NOT NULL,
    target_url    text        NOT NULL,
    creation_date timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT url_redirects_source_url_unique UNIQUE (source_url)
);

-- The admin page lists them oldest first.
CREATE INDEX url_redirects_created_idx ON platform.url_redirects (creation_date, id);
