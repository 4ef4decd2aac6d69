-- POSTs the upstream docs' update body, spread over the activities in `ids` (prepended by bench.py).
local counter = 0
request = function()
  counter = counter + 1
  local id = ids[(counter % #ids) + 1]
  local step = (counter % 3) + 1
  local body = '{"activity_id":"' .. id .. '","content_state":{"title":"Nightly database backup",'
    .. '"subtitle":"upload archive","number_of_steps":3,"current_step":' .. step .. '}}'
  return wrk.format("POST", "/api/live-activity/update",
    { ["Authorization"] = "Bearer ask_123456789", ["Content-Type"] = "application/json" }, body)
end
