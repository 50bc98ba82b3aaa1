-- wrk script: each request creates a new project in the bench user's namespace.
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
  local body = string.format('{"name":"wrk %d %d %d","namespace":"user1"}', stamp, tid, n)
  return wrk.format("POST", "/api/data/projects",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
end
