-- wrk script: 100 generic-JSON messages per request, unique guids, 10k distinct senders.
-- BENCH_RUN (environment) prefixes the guids, so a warm-up and the measured run never post the same guid.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local run = os.getenv("BENCH_RUN") or "run"
local counter = 0
-- setup runs in wrk's main Lua state and numbers the threads; each thread reads its number as the global "tid"
-- (a local of the same name here would shadow it, and every thread would post the same guids).
local threads = 0
setup = function(thread) threads = threads + 1; thread:set("tid", threads) end
request = function()
  local parts = {}
  for i = 1, 100 do
    counter = counter + 1
    parts[i] = string.format('{"guid":"%s-b%d-%d","number":"+1555%07d","message":"hello there, is the shop open today?"}', run, tid, counter, counter % 10000)
  end
  return wrk.format(nil, nil, nil, '{"messages":[' .. table.concat(parts, ",") .. ']}')
end
