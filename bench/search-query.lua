-- wrk script for GET /api/data/search/query (issue 21): free text plus two filters, as
-- bench/run-search's clients send them (io.renku.bench.QueryLoad), with words of the vocabulary
-- bench/run-search seeds (io.renku.bench.SearchSeed). TOKEN: a bearer token of the searching user;
-- GROUPS: comma-separated group namespace paths for the namespace: filter.
-- Not yet run: the endpoint is being added on another branch (see bench/README.md, "Search").
local words = { "data", "analysis", "model", "climate", "study", "simulation", "learning",
  "network", "protein", "genome", "ocean", "soil", "glacier", "alpine", "satellite", "health",
  "cancer", "quantum", "galaxy", "language", "robot", "bayesian", "workflow", "archive",
  "economics", "mobility", "solar", "battery", "biodiversity", "drought", "earthquake",
  "permafrost", "forecast", "microscopy", "brain", "vaccine", "microbiome", "enzyme", "sensor",
  "compiler", "database", "search" }
local keywords = { "python", "r", "julia", "jupyter", "climate", "ml", "genomics", "hpc",
  "teaching", "thesis", "open-data", "fair", "snow", "biology", "physics", "ecology", "nlp" }
local groups = {}

local function escape(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function init(args)
  token = os.getenv("TOKEN")
  for g in string.gmatch(os.getenv("GROUPS") or "", "[^,]+") do groups[#groups + 1] = g end
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end

function request()
  local w = words[math.random(#words)]
  local k = keywords[math.random(#keywords)]
  local shape = math.random(3)
  local q
  if shape == 1 then
    q = "type:project visibility:public " .. w
  elseif shape == 2 or #groups == 0 then
    q = "type:project keyword:" .. k .. " " .. w
  else
    q = "namespace:" .. groups[math.random(#groups)] .. " keyword:" .. k .. " " .. w
  end
  local headers = {}
  if token then headers["Authorization"] = "Bearer " .. token end
  return wrk.format("GET", "/api/data/search/query?per_page=20&q=" .. escape(q), headers)
end
