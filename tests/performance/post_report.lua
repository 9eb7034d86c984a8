-- Concern reports for wrk: every POST a valid report with a submission key of its own.
--
-- Run with as many threads as connections. Then a thread has at most one request in flight,
-- so each answer belongs to the key that thread sent last, and the bench can match the keys
-- answered with the receipt redirect against the stored rows one by one.
--
-- Arguments after `--`: key prefix (8 hex digits, new for every wrk run), the url-encoded
-- body before and after the key, the Cookie header, the file to write the keys to.

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "summary.lua")

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_id", #threads)
end

function init(args)
  key_prefix, body_start, body_end, keys_path = args[1], args[2], args[3], args[5]
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["Cookie"] = args[4]
  math.randomseed(tonumber(key_prefix, 16) + thread_id)
  sent = 0
  in_flight = nil
  -- Keys answered with the receipt redirect, and keys whose answer never came: in flight
  -- when wrk stopped or a connection broke (stored or not), or the one request wrk builds
  -- before the run only to check that it parses (never sent).
  answered = {}
  unanswered = {}
  statuses = {}
end

function request()
  if in_flight then
    table.insert(unanswered, in_flight)
  end
  sent = sent + 1
  -- UUID version 4 in shape; the thread number and counter make it unique within the run,
  -- the prefix across runs.
  in_flight = string.format(
    "%s-%04x-4%03x-%04x-%04x%08x",
    key_prefix, thread_id, math.random(0, 0xfff), 0x8000 + math.random(0, 0x3fff),
    math.random(0, 0xffff), sent
  )
  return wrk.format(nil, nil, nil, body_start .. in_flight .. body_end)
end

function response(status, headers, body)
  local location = headers["Location"] or ""
  local outcome = tostring(status)
  if status == 302 and location:find("/bekymring/kvittering/", 1, true) then
    outcome = "receipt"
    table.insert(answered, in_flight)
  end
  statuses[outcome] = (statuses[outcome] or 0) + 1
  in_flight = nil
end

function done(summary, latency, requests)
  local file = assert(io.open(threads[1]:get("keys_path"), "w"))
  local sent_total = 0
  local outcomes = {}
  for _, thread in ipairs(threads) do
    sent_total = sent_total + thread:get("sent")
    for _, key in ipairs(thread:get("answered")) do
      file:write("answered ", key, "\n")
    end
    for _, key in ipairs(thread:get("unanswered")) do
      file:write("unanswered ", key, "\n")
    end
    local last = thread:get("in_flight")
    if last then
      file:write("unanswered ", last, "\n")
    end
    for outcome, count in pairs(thread:get("statuses")) do
      outcomes[#outcomes + 1] = string.format('"%s": %d', outcome, count)
    end
  end
  file:close()
  io.write(
    "WRK_RESULT {", summary_fields(summary, latency), ', "sent": ', sent_total,
    ', "outcomes": [{', table.concat(outcomes, "}, {"), "}]}\n"
  )
end
