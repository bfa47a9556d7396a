-- Shared by the scenario scripts in this folder (loaded with dofile from
-- each of them); bench/run runs them as
--   wrk -s bench/wrk/SCENARIO.lua -tTHREADS ... URL -- PEOPLE.lua THREADS
-- PEOPLE.lua (written by bench/run after signing everyone in) returns a
-- list of people, each a table:
--   login, token   who, and their API token (Authorization: Bearer)
--   feed2, feed3   paths of the 2nd and 3rd page of their home feed (or nil)
--   group          a group they are an active member of and can post in
--   post           a post they can see and comment on (from their feed)
-- A scenario defines requests(p, i) -> a list of requests for person p (the
-- i-th person), each made with get/post/put below. Every request is built
-- once, in init(): request() only steps through them, person after person,
-- so consecutive requests come from different people. Each thread starts
-- at its own offset. done() prints one line that bench/run reads:
--   BENCH_RESULT requests=N duration_us=N bytes=N p50_us=N p99_us=N
--                status=N connect=N read=N write=N timeout=N
-- (status counts answers above 399, as wrk does.)

local function headers(p, extra)
  local h = { ["Authorization"] = "Bearer " .. p.token }
  if extra then h["Content-Type"] = "application/json" end
  return h
end

function get(p, path)
  return wrk.format("GET", path, headers(p))
end

function post(p, path, body)
  return wrk.format("POST", path, headers(p, true), body)
end

function put(p, path)
  return wrk.format("PUT", path, headers(p))
end

-- A JSON string for plain text (bench texts have no quotes or backslashes).
function json_body(text)
  return '{"body":"' .. text .. '"}'
end

-- Ordinary staff-room sentences: no names, numbers or dates, so the privacy
-- guard finds nothing in them.
texts = {
  "Reminder: staff meeting moved to the library after lunch.",
  "The copier on the second floor is working again.",
  "Thanks to everyone who helped with the book fair this week.",
  "Please return the projector carts to the media room by the end of the day.",
  "Bus duty schedule for next week is posted in the front office.",
  "Coffee and snacks in the staff lounge this afternoon.",
  "Professional development sign up sheet is on the bulletin board.",
  "Fire drill practice tomorrow morning during second period.",
}

replies = {
  "Thanks, that helps.",
  "Good to know, thank you.",
  "I can help with that after school.",
  "Count me in.",
  "Is there a sign up sheet for this?",
  "Great work, everyone.",
}

kinds = { "like", "love", "celebrate", "support", "insightful", "curious" }

local sequence = {}

local thread_count = 0
function setup(thread)
  thread:set("thread_index", thread_count)
  thread_count = thread_count + 1
end

function init(args)
  local file = args[1]
  if not file then error("usage: wrk -s SCRIPT URL -- PEOPLE.lua") end
  local people = dofile(file)
  -- Person after person; each person's list turned by their place in the
  -- line, so that at any moment people are at different points of theirs.
  local lists, longest = {}, 0
  for i, p in ipairs(people) do
    local l = requests(p, i) or {}
    if #l > 0 then
      lists[#lists + 1] = l
      if #l > longest then longest = #l end
    end
  end
  if #lists == 0 then error("no one in " .. file .. " has what this scenario needs") end
  for v = 1, longest do
    for k, l in ipairs(lists) do
      sequence[#sequence + 1] = l[(v - 1 + k) % #l + 1]
    end
  end
  -- Threads start evenly apart: thread_index comes from setup() (0, 1,
  -- ...), the number of threads from the command line.
  local threads = tonumber(args[2]) or 1
  position = math.floor((thread_index or 0) * #sequence / threads)
end

function request()
  position = position + 1
  if position > #sequence then position = 1 end
  return sequence[position]
end

function done(summary, latency)
  local e = summary.errors
  io.write(string.format(
    "BENCH_RESULT requests=%d duration_us=%d bytes=%d p50_us=%d p99_us=%d "
      .. "status=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(99),
    e.status, e.connect, e.read, e.write, e.timeout))
end
