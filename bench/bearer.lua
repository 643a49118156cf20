-- wrk script: send `Authorization: Bearer $TOKEN` on every request.
local token = os.getenv("TOKEN")
if token == nil or token == "" then
  error("bearer.lua: set TOKEN")
end
wrk.headers["Authorization"] = "Bearer " .. token
