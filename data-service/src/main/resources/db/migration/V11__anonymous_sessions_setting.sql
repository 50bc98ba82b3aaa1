-- Issue 15: anonymous visitors may start sessions only when an administrator allows it (off by
-- default: every new anonymous cookie is a new visitor, so they are the easiest way to use up the
-- platform's machines).
ALTER TABLE platform.config ADD COLUMN anonymous_sessions_enabled boolean NOT NULL DEFAULT false;

-- The default pool gets idle and hibernation thresholds (1 hour, 1 day), as new platforms now
-- create it: only when it still has none, i.e. nobody has set them since the pool was created.
UPDATE resource_pools.resource_pools
   SET idle_threshold = 3600, hibernation_threshold = 86400
 WHERE "default" AND name = 'Default pool'
   AND idle_threshold IS NULL AND hibernation_threshold IS NULL;
