-- wrk script: durable commands over HTTP as a hospital system (AZ Delta) would send them, each with
-- an Idempotency-Key of its own. Arguments: token, patients file (one INSS a line), run number (0 or 1),
-- run tag (unique per bench run: keys are remembered), number of wrk threads.
--
-- Each wrk thread owns its own slice of the file (run number and thread id pick it), so no two threads
-- touch a patient. Within a thread, the patients go through four phases in turn: give consent (PUT),
-- add a hospitalisation (POST), revoke consent (DELETE), end that hospitalisation (DELETE, with the id
-- the POST answered in Location). A phase asks each patient once, so the requests in flight (at most
-- one per connection) are always on distinct patients, and a patient's next command comes a whole
-- phase (thousands of requests) after the previous one was answered: there are no version conflicts
-- to retry, and no If-Match is sent (the service would retry a conflict itself).
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "summary.lua")

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

local headers, patients, tag = nil, {}, ""
local phase, index, sent = 1, 0, 0
-- Relations to end, a queue: head is the next to end, tail the last added (# is unreliable once the head is cleared).
local to_end, to_end_head, to_end_tail = {}, 1, 0
-- Per thread, read by done(): answers other than 2xx, and commands sent of each kind.
non2xx, gives, adds, revokes, ends = 0, 0, 0, 0, 0

function init(args)
  headers = { ["Authorization"] = "Bearer " .. args[1], ["Content-Type"] = "application/json" }
  local all = {}
  for line in assert(io.open(args[2], "r")):lines() do all[#all + 1] = line end
  -- The file holds a slice for every thread of every run (run.sh: 2 runs, warm-up and measure).
  local run, thread_count = tonumber(args[3]), tonumber(args[5])
  local size = math.floor(#all / (2 * thread_count))
  local first = (run * thread_count + id) * size
  for i = 1, size do patients[i] = all[first + i] end
  tag = args[4] .. "-" .. run .. "-" .. id
end

local function keyed(method, path, body)
  sent = sent + 1
  local h = {}
  for k, v in pairs(headers) do h[k] = v end
  h["Idempotency-Key"] = tag .. "-" .. sent
  return wrk.format(method, path, h, body)
end

function request()
  if phase == 4 then
    if to_end_head <= to_end_tail then
      local path = to_end[to_end_head]
      to_end[to_end_head] = nil
      to_end_head = to_end_head + 1
      ends = ends + 1
      return keyed("DELETE", path, nil)
    end
    phase, index = 1, 0
  end
  index = index + 1
  if index > #patients then
    phase, index = phase + 1, 0
    return request()
  end
  local patient = patients[index]
  if phase == 1 then
    gives = gives + 1
    return keyed("PUT", "/v1/patients/" .. patient .. "/consent", "{}")
  elseif phase == 2 then
    adds = adds + 1
    return keyed("POST", "/v1/patients/" .. patient .. "/relations", '{"provider":"71000139000","type":"hospitalisation"}')
  else
    revokes = revokes + 1
    return keyed("DELETE", "/v1/patients/" .. patient .. "/consent", nil)
  end
end

function response(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
  local location = headers["Location"] or headers["location"]
  if status == 201 and location then
    to_end_tail = to_end_tail + 1
    to_end[to_end_tail] = location:match("(/v1/.*)$")
  end
end

function done(summary, latency, requests)
  local totals = { non2xx = 0, gives = 0, adds = 0, revokes = 0, ends = 0 }
  for _, thread in ipairs(threads) do
    for name, _ in pairs(totals) do totals[name] = totals[name] + thread:get(name) end
  end
  summary_line(summary, latency, string.format(" non2xx=%d gives=%d adds=%d revokes=%d ends=%d",
    totals.non2xx, totals.gives, totals.adds, totals.revokes, totals.ends))
end
