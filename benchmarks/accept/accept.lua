-- wrk script for the accept benchmark (run.sh): POST /api/v1/projects, each request with the next API key of
-- KEYS_FILE (threads take turns through the file), counting 202s, 429s and anything else separately.
local counter = 0
local threads = {}

function setup(thread)
  thread:set("id", counter)
  table.insert(threads, thread)
  counter = counter + 1
end

function init(args)
  keys = {}
  for line in io.lines(os.getenv("KEYS_FILE")) do
    keys[#keys + 1] = line
  end
  step = tonumber(os.getenv("WRK_THREADS") or "2")
  index = id
  accepted, limited, other = 0, 0, 0
  body = '{"description":"A command line todo app in Python with SQLite storage and tests"}'
end

function request()
  index = index + step
  local key = keys[(index % #keys) + 1]
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key }, body)
end

function response(status, headers, response_body)
  if status == 202 then
    accepted = accepted + 1
  elseif status == 429 then
    limited = limited + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local a, l, o = 0, 0, 0
  for _, t in ipairs(threads) do
    a = a + t:get("accepted")
    l = l + t:get("limited")
    o = o + t:get("other")
  end
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format("RESULT accepted=%d limited=%d other=%d socket_errors=%d seconds=%.2f accepted_per_s=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
    a, l, o, e.connect + e.read + e.write + e.timeout, seconds, a / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
