-- wrk script: POST /v1/access-decisions for (patient, provider) pairs read from targets.txt,
-- asked by a hospital system (whose decisions are logged), cycling through the pairs.
local pairs_list = {}
local index = 0

function init(args)
  local file = assert(io.open(args[1], "r"))
  for line in file:lines() do
    local patient, provider = line:match("([^,]+),([^,]+)")
    pairs_list[#pairs_list + 1] = '{"patient":"' .. patient .. '","provider":"' .. provider .. '","documentType":"sumehr"}'
  end
  file:close()
  index = math.random(#pairs_list)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. args[2]
end

function request()
  index = index % #pairs_list + 1
  return wrk.format(nil, "/v1/access-decisions", nil, pairs_list[index])
end

function done(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT requests=%d seconds=%.3f p50_ms=%.3f p99_ms=%.3f errors=%d\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000, errors))
end
