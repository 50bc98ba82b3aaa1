-- A launcher's own (CUSTOM) environment lives and dies with it. The launcher service deletes it
-- when the launcher is deleted through the API; this trigger also covers launchers removed by
-- ON DELETE CASCADE when their project is deleted, which the service never sees.
CREATE FUNCTION sessions.delete_custom_environment() RETURNS trigger AS $$
BEGIN
    DELETE FROM sessions.environments
     WHERE id = OLD.environment_id AND environment_kind = 'CUSTOM'
       AND NOT EXISTS (SELECT 1 FROM sessions.launchers l WHERE l.environment_id = OLD.environment_id);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER launchers_delete_custom_environment
    AFTER DELETE ON sessions.launchers
    FOR EACH ROW EXECUTE FUNCTION sessions.delete_custom_environment();
