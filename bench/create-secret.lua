-- wrk script: each request creates a new secret of the bench user (names unique per run,
-- thread and request; the value is 40 random-looking characters, like an API token).
local threads = 0
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

function init(args)
  n = 0
  token = os.getenv("TOKEN")
  stamp = os.time()
end

function request()
  n = n + 1
  local body = string.format(
    '{"name":"wrk %d %d %d","value":"tok-%d-%d-%d-0123456789abcdef0123456789abcdef"}',
    stamp, tid, n, stamp, tid, n)
  return wrk.format("POST", "/api/data/user/secrets",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
end
