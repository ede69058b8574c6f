-- wrk script: POST /commands/assess-criterion, a distinct body per request, at little CPU.
--
-- wrk -s bench/assess.lua URL -- COMMUNES_FILE TOKEN THREADS, with THIDUA_WRK_OUT=<file>.
-- Each request carries its send time (CLOCK_MONOTONIC, ns) inside its X-Correlation-Id, which
-- the service puts into the event envelope and the relay into the Kafka record's headers: the
-- Kafka side computes "HTTP send -> on Kafka" with no per-request record kept here. It is also
-- the request's Idempotency-Key (unique per request, across runs too), as a real client sends. Each answer
-- is recorded as "<first event id> <receive time ns>" (for freshness: accepted -> visible), and
-- written at done(). Thread t takes every THREADS-th commune from its own share, so no two
-- requests in flight name one commune (no version conflicts between connections).
local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } thidua_timespec;
int clock_gettime(int clk_id, thidua_timespec *tp);
]]
local clock = ffi.new("thidua_timespec")
local function now_ns()
  ffi.C.clock_gettime(1, clock) -- CLOCK_MONOTONIC, as Python's time.monotonic_ns()
  return tonumber(clock.tv_sec) * 1000000000 + tonumber(clock.tv_nsec)
end

local threads = {}
local created = 0
function setup(thread)
  thread:set("tid", created)
  created = created + 1
  table.insert(threads, thread)
end

local mine = {}
local sent = 0
local auth
accepted = {}
refused = {}

function init(args)
  local all = {}
  for line in io.lines(args[1]) do
    local code, district = line:match("(%S+) (%S+)")
    table.insert(all, { code, district })
  end
  auth = "Bearer " .. args[2]
  local nthreads = tonumber(args[3])
  for i = tid + 1, #all, nthreads do
    table.insert(mine, all[i])
  end
end

function request()
  sent = sent + 1
  local commune = mine[(sent - 1) % #mine + 1]
  local criterion = 1 + math.floor((sent - 1) / #mine) % 19
  local t = now_ns()
  local low = t % 4294967296
  local correlation = string.format("%08x-%04x-%04x-%04x-%012x", math.floor(t / 4294967296),
    math.floor(low / 65536), low % 65536, tid, sent)
  local body = string.format(
    '{"commune_code":"%s","district_code":"%s","criterion":%d,"met":%s,' ..
    '"effective_date":"2014-06-30","evidence":"BB-%d-%d"}',
    commune[1], commune[2], criterion, (sent % 3 ~= 0) and "true" or "false", tid, sent)
  return wrk.format("POST", "/commands/assess-criterion", {
    ["Authorization"] = auth,
    ["Content-Type"] = "application/json",
    ["X-Correlation-Id"] = correlation,
    ["Idempotency-Key"] = correlation, -- as a real client sends: every command idempotent
  }, body)
end

function response(status, headers, body)
  local t = now_ns()
  if status == 201 then
    accepted[#accepted + 1] = body:match('"event_id":"([%x%-]+)"') .. " " .. string.format("%.0f", t)
  elseif #refused < 20 then
    refused[#refused + 1] = "refused " .. status .. " " .. body:sub(1, 400):gsub("\n", " ")
  end
end

function done(summary, latency, requests)
  local out = io.open(os.getenv("THIDUA_WRK_OUT"), "w")
  out:write(string.format("summary %d %d %d %d\n", summary.duration, summary.requests,
    summary.errors.status, summary.errors.timeout + summary.errors.connect + summary.errors.read
    + summary.errors.write))
  for _, thread in ipairs(threads) do
    for _, line in ipairs(thread:get("accepted")) do
      out:write(line, "\n")
    end
    for _, line in ipairs(thread:get("refused")) do
      out:write(line, "\n")
    end
  end
  out:close()
end
