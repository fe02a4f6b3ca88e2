-- wrk script: POST /v1/access-decisions for (patient, provider) pairs read from targets.txt,
-- asked by a hospital system (whose decisions are logged), cycling through the pairs.
-- The requests are formatted once at start, so that wrk spends no more per request than it does
-- against the ceiling app: the CPU it saves is the service's to use, as it would be in production.
local requests = {}
local index = 0

function init(args)
  local headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. args[2] }
  local file = assert(io.open(args[1], "r"))
  for line in file:lines() do
    local patient, provider = line:match("([^,]+),([^,]+)")
    local body = '{"patient":"' .. patient .. '","provider":"' .. provider .. '","documentType":"sumehr"}'
    requests[#requests + 1] = wrk.format("POST", "/v1/access-decisions", headers, body)
  end
  file:close()
  index = math.random(#requests)
end

function request()
  index = index % #requests + 1
  return requests[index]
end

function done(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT requests=%d seconds=%.3f p50_ms=%.3f p99_ms=%.3f errors=%d\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000, errors))
end
