-- wrk script for the soak run: every response must have one status (EXPECT), and the
-- count of those that did not is printed by done() as "expect.lua: N responses, M
-- unexpected". Environment: EXPECT (default 200), TOKEN (sent as a bearer token),
-- METHOD, BODY and CONTENT_TYPE (for POSTs).
local expect = tonumber(os.getenv("EXPECT") or "200")
local token = os.getenv("TOKEN")
if token ~= nil and token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end
local method = os.getenv("METHOD")
if method ~= nil and method ~= "" then
  wrk.method = method
  wrk.body = os.getenv("BODY") or ""
  wrk.headers["Content-Type"] = os.getenv("CONTENT_TYPE") or "application/json"
end

local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

-- Per-thread counters, read by done() through thread:get.
bad = 0
total = 0

function response(status, headers, body)
  total = total + 1
  if status ~= expect then
    bad = bad + 1
    if bad <= 3 then
      io.stderr:write("expect.lua: wanted " .. expect .. ", got " .. status .. ": " .. body:sub(1, 200) .. "\n")
    end
  end
end

function done(summary, latency, requests)
  local b, t = 0, 0
  for _, th in ipairs(threads) do
    b = b + (th:get("bad") or 0)
    t = t + (th:get("total") or 0)
  end
  io.write(string.format("expect.lua: %d responses, %d unexpected (wanted %d)\n", t, b, expect))
end
