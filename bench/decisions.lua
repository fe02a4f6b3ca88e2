-- wrk script: POST /v1/access-decisions for (patient, provider) pairs read from targets.txt, cycling
-- through the pairs, with the token given: a hospital system's decisions are logged, an auditor's are not.
-- Arguments: targets file, token, column of the provider (2: any provider, for an auditor; 3: the asking
-- hospital or one of its staff, the only ones its hospital system may ask about), number of wrk threads.
-- The requests are formatted once at start, so that wrk spends no more per request than it does
-- against the ceiling app: the CPU it saves is the service's to use, as it would be in production.
local here = debug.getinfo(1, "S").source:match("^@(.*/)")
dofile(here .. "summary.lua")
-- Reading the targets takes seconds at a million: the threads start together once all have read them.
dofile(here .. "together.lua")

local requests = {}
local index = 0

function init(args)
  local headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. args[2] }
  local file = assert(io.open(args[1], "r"))
  for line in file:lines() do
    local columns = {}
    for value in line:gmatch("[^,]+") do columns[#columns + 1] = value end
    local patient, provider = columns[1], columns[tonumber(args[3] or "2")]
    local body = '{"patient":"' .. patient .. '","provider":"' .. provider .. '","documentType":"sumehr"}'
    requests[#requests + 1] = wrk.format("POST", "/v1/access-decisions", headers, body)
  end
  file:close()
  index = math.random(#requests)
  together_arrived(assert(tonumber(args[4]), "the number of wrk threads is the fourth argument"))
end

function request()
  together_wait()
  index = index % #requests + 1
  return requests[index]
end
