-- A rebuild of the search index asked for by an administrator (POST /api/data/search/reprovision).
-- At most one row (only_one is true and unique): the data tasks rebuild the index while the row is
-- there and delete it when done; deleting it (DELETE /search/reprovision) asks them to stop.
CREATE TABLE search.reprovisioning (id varchar(26) PRIMARY KEY, start_date timestamptz NOT NULL DEFAULT now(), requested_by varchar(64), only_one boolean NOT NULL DEFAULT true UNIQUE CHECK (only_one));
