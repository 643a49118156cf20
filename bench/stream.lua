-- wrk script for bench/run.sh: GET the URL's path, PIPELINE requests at a time on each
-- connection (HTTP/1.1 pipelining, so that the load generator's own cost per request
-- falls and the server, not wrk, is what saturates), with
--   * no Authorization header (neither TOKEN nor TOKENS_FILE set),
--   * TOKEN: the same bearer token on every request, or
--   * TOKENS_FILE: a file of tokens, one a line, sent in turn (a stream of distinct
--     tokens; with more tokens than the server caches, none is seen twice while cached).
-- Environment: PIPELINE (default 1), TOKEN, TOKENS_FILE.
local depth = tonumber(os.getenv("PIPELINE") or "1")
local token = os.getenv("TOKEN")
local file = os.getenv("TOKENS_FILE")

local threads = {}
function setup(thread)
  thread:set("thread_index", #threads)
  table.insert(threads, thread)
end

local batches = {}
local next_batch = 1

local function get(bearer)
  local headers = {}
  if bearer ~= nil then
    headers["Authorization"] = "Bearer " .. bearer
  end
  return wrk.format("GET", wrk.path, headers)
end

function init(args)
  if file ~= nil and file ~= "" then
    local tokens = {}
    for line in io.lines(file) do
      if line ~= "" then
        table.insert(tokens, line)
      end
    end
    if #tokens < depth then
      error("stream.lua: fewer tokens than PIPELINE")
    end
    local count = math.floor(#tokens / depth)
    for b = 0, count - 1 do
      local reqs = {}
      for k = 1, depth do
        reqs[k] = get(tokens[b * depth + k])
      end
      batches[b + 1] = table.concat(reqs)
    end
    -- Threads start at different places in the list.
    next_batch = 1 + math.floor((thread_index or 0) * count / 4) % count
  else
    local one = get(token ~= "" and token or nil)
    batches[1] = string.rep(one, depth)
  end
end

function request()
  local batch = batches[next_batch]
  next_batch = next_batch + 1
  if next_batch > #batches then
    next_batch = 1
  end
  return batch
end
