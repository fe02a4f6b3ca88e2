-- Starts wrk's threads together. wrk runs each thread's init() on its main thread, one after the other,
-- starts each thread as soon as its own init() is done, and starts its clock only after the last one.
-- An init() that takes seconds (a million preformatted decisions take about 7 s a thread) would let
-- the first thread send for that long, its answers counted in requests/s but not its time: measured on
-- the same store, 100,000 targets written ten times over read 20-25% faster than the same 100,000 once.
-- So each thread holds its first request until every thread's init() is done.
-- Use: together_arrived(thread_count) at the end of init(), together_wait() at the start of request().
local ffi = require("ffi")
ffi.cdef("int usleep(unsigned int usec);")

local created, gate = 0, nil

-- Runs in wrk's main Lua state, once a thread, before that thread's init(): numbers the threads and
-- hands each one the gate, a file that exists until the last thread's init() is done.
function setup(thread)
  gate = gate or os.tmpname()
  created = created + 1
  thread:set("together_gate", gate)
  thread:set("together_position", created)
end

function together_arrived(thread_count)
  if together_position == thread_count then
    os.remove(together_gate)
  end
end

local waiting = true
-- wrk calls the first thread's request() once from its main thread, to check the request's syntax,
-- before any thread runs: that call must not wait (the gate would never open).
local checked = false

function together_wait()
  if waiting then
    if together_position == 1 and not checked then
      checked = true
      return
    end
    -- A thread count that does not match wrk's -t would hold the threads for ever: give up after two minutes.
    for _ = 1, 120000 do
      local file = io.open(together_gate, "r")
      if not file then break end
      file:close()
      ffi.C.usleep(1000)
    end
    waiting = false
  end
end
