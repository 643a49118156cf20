-- wrk script: JSON logins on POST /api/auth/login, always the same user.
-- Environment: EMAIL, PASSWORD, AUDIENCE (optional).
local email = os.getenv("EMAIL")
local password = os.getenv("PASSWORD")
local audience = os.getenv("AUDIENCE")
if email == nil or email == "" or password == nil or password == "" then
  error("login.lua: set EMAIL and PASSWORD")
end
-- The values come from the benchmark script (no quotes or backslashes in them).
local body = '{"email":"' .. email .. '","password":"' .. password .. '"'
if audience ~= nil and audience ~= "" then
  body = body .. ',"audience":"' .. audience .. '"'
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = body .. "}"

local bad = 0
function response(status, headers, body)
  if status ~= 200 or not body:find('"refresh_token":"', 1, true) then
    bad = bad + 1
    if bad <= 3 then
      io.stderr:write("login.lua: unexpected response " .. status .. ": " .. body:sub(1, 200) .. "\n")
    end
  end
end
