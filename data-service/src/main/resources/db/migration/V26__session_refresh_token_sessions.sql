-- Session refresh tokens (decision 0040) are handed to one session: the session's name is kept so
-- that stopping the session revokes every token of its chain (each use issues the next one).
ALTER TABLE connected_services.session_refresh_tokens ADD COLUMN session_name varchar(100);
CREATE INDEX session_refresh_tokens_session_idx
    ON connected_services.session_refresh_tokens (session_name);
