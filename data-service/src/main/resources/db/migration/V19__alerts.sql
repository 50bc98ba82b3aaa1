-- Alerts (issue 22), as the original's notifications.alerts: sent to one user, most of them about
-- one of that user's sessions (session_name), active until resolved_date is set. Deleting the user
-- deletes their alerts.
CREATE SCHEMA IF NOT EXISTS notifications;

CREATE TABLE notifications.alerts (
    id            varchar(26) PRIMARY KEY,
    title         text        NOT NULL,
    message       text        NOT NULL,
    event_type    text        NOT NULL,
    user_id       varchar(36) NOT NULL REFERENCES users.users (id) ON DELETE CASCADE,
    session_name  varchar(99),
    creation_date timestamptz NOT NULL DEFAULT now(),
    resolved_date timestamptz
);

-- At most one active alert per user, event type and session (none counts as one session): the
-- original checks this before inserting (409) and the webhook updates the active one instead; the
-- index makes both hold under concurrent requests too. The event type is free text of any length
-- (as in the original), so the index holds its digest: a btree entry has a size limit.
CREATE UNIQUE INDEX alerts_one_active
    ON notifications.alerts (user_id, md5(event_type), coalesce(session_name, ''))
    WHERE resolved_date IS NULL;

CREATE INDEX alerts_user_idx ON notifications.alerts (user_id, id);
