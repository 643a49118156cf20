-- wrk script: client_credentials grants (client_secret_post) on POST /oauth/token.
-- Environment: CLIENT_ID, CLIENT_SECRET.
local id = os.getenv("CLIENT_ID")
local secret = os.getenv("CLIENT_SECRET")
if id == nil or id == "" or secret == nil or secret == "" then
  error("cc.lua: set CLIENT_ID and CLIENT_SECRET")
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "grant_type=client_credentials&client_id=" .. id .. "&client_secret=" .. secret

local bad = 0
function response(status, headers, body)
  if status ~= 200 or not body:find('"access_token":"', 1, true) then
    bad = bad + 1
    if bad <= 3 then
      io.stderr:write("cc.lua: unexpected response " .. status .. ": " .. body:sub(1, 200) .. "\n")
    end
  end
end
