-- Resource usage (issue 22), as the original records it: a periodic sample of every running
-- session (one row per session and capture), the weekly credit limits of a pool, and the cost of a
-- class in credits per hour. Usage is the sum over samples of min(time to the session's next
-- sample, capture interval) times the class's cost at capture time (decision 0042).
CREATE TABLE resource_pools.resource_requests_log (
    id                  bigint           GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    session_name        varchar(50)      NOT NULL,
    -- When the sampled run of the session started: a pause and resume is a new run, as a new pod
    -- (a new uid) is in the original.
    since               timestamptz      NOT NULL,
    user_id             varchar(64)      NOT NULL,
    project_id          varchar(26),
    launcher_id         varchar(26),
    -- No foreign keys: the log outlives deleted pools, classes and sessions.
    resource_pool_id    integer          NOT NULL,
    resource_class_id   integer          NOT NULL,
    resource_class_cost bigint,
    cpu_request         double precision NOT NULL,
    memory_request_gb   bigint           NOT NULL,
    gpu_request         bigint           NOT NULL,
    disk_request_gb     bigint           NOT NULL,
    capture_date        timestamptz      NOT NULL,
    capture_interval    interval         NOT NULL CHECK (capture_interval > interval '0')
);
CREATE INDEX resource_requests_log_pool_idx
    ON resource_pools.resource_requests_log (resource_pool_id, capture_date);
CREATE INDEX resource_requests_log_user_idx
    ON resource_pools.resource_requests_log (user_id, resource_pool_id, capture_date);

-- Credits per week: for all users of the pool together, and for each of them.
CREATE TABLE resource_pools.resource_requests_limits (
    resource_pool_id integer PRIMARY KEY
                     REFERENCES resource_pools.resource_pools (id) ON DELETE CASCADE,
    total_limit      bigint  NOT NULL CHECK (total_limit >= 0),
    user_limit       bigint  NOT NULL CHECK (user_limit >= 0),
    CHECK (user_limit <= total_limit)
);

-- Credits per hour of a session on the class.
CREATE TABLE resource_pools.resource_class_costs (
    resource_class_id integer PRIMARY KEY
                      REFERENCES resource_pools.resource_classes (id) ON DELETE CASCADE,
    cost              bigint  NOT NULL CHECK (cost >= 0)
);

-- Capacity reservations: placeholders kept ready for sessions of a class during scheduled windows.
CREATE TABLE resource_pools.capacity_reservations (
    id                  varchar(26)  PRIMARY KEY,
    name                varchar(40)  NOT NULL,
    resource_class_id   integer      NOT NULL
                        REFERENCES resource_pools.resource_classes (id) ON DELETE CASCADE,
    project_template_id varchar(26),
    recurrence_type     varchar(10)  NOT NULL CHECK (recurrence_type IN ('once', 'daily', 'weekly')),
    start_date          date         NOT NULL,
    end_date            date         NOT NULL,
    -- [{"day_of_week": 1, "start_time": "08:00:00", "end_time": "18:00:00"}, ...]
    schedule            jsonb        NOT NULL DEFAULT '[]',
    placeholder_count   integer      NOT NULL CHECK (placeholder_count >= 1),
    lead_time_minutes   integer      NOT NULL CHECK (lead_time_minutes BETWEEN 0 AND 180),
    scale_down_behavior varchar(10)  NOT NULL CHECK (scale_down_behavior IN ('maintain', 'reduce', 'none')),
    created_by          varchar(64)  NOT NULL,
    creation_date       timestamptz  NOT NULL DEFAULT now(),
    CHECK (end_date >= start_date)
);
CREATE INDEX capacity_reservations_class_idx ON resource_pools.capacity_reservations (resource_class_id);
