-- wrk script: refresh_token grants on POST /oauth/token, with rotation.
--
-- Every refresh token can be used once (reuse revokes the session), so each request
-- must carry the token returned by an earlier response. wrk's response() callback does
-- not say which connection it came from, so each wrk thread keeps a pool of unspent
-- tokens: request() takes one out, response() puts the rotated one back. Each token
-- is thus sent exactly once, and every chain (one per seeded login) stays valid. The
-- pool must start with at least as many tokens as the thread has connections.
--
-- Environment: TOKENS_FILE, one refresh token per line (from one login each);
-- WRK_THREADS, the -t given to wrk (default 1): thread i of n gets lines i, i+n, …
local file = os.getenv("TOKENS_FILE")
if file == nil or file == "" then
  error("refresh.lua: set TOKENS_FILE")
end
local nthreads = tonumber(os.getenv("WRK_THREADS") or "1")

local threads = {}
local counter = 0

function setup(thread)
  thread:set("index", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

-- Per-thread state; globals so that done() can read the counts with thread:get.
pool = {}
bad = 0
empty = 0

function init(args)
  local all = {}
  for line in io.lines(file) do
    if line ~= "" then table.insert(all, line) end
  end
  for i, t in ipairs(all) do
    if (i - 1) % nthreads == index then table.insert(pool, t) end
  end
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end

function request()
  local token = table.remove(pool)
  if token == nil then
    -- Only after failed responses: send a request that cannot succeed, so it is counted.
    empty = empty + 1
    token = "exhausted"
  end
  return wrk.format(nil, nil, nil, "grant_type=refresh_token&refresh_token=" .. token)
end

function response(status, headers, body)
  local next_token = body:match('"refresh_token":"([^"]+)"')
  if status == 200 and next_token ~= nil then
    table.insert(pool, next_token)
  else
    bad = bad + 1
    if bad <= 3 then
      io.stderr:write("refresh.lua: unexpected response " .. status .. ": " .. body:sub(1, 200) .. "\n")
    end
  end
end

function done(summary, latency, requests)
  local failed, exhausted = 0, 0
  for _, t in ipairs(threads) do
    failed = failed + (t:get("bad") or 0)
    exhausted = exhausted + (t:get("empty") or 0)
  end
  io.write(string.format("refresh.lua: failed responses %d, requests sent without a token %d\n", failed, exhausted))
end
