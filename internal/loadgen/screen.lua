-- wrk script: POST /v1/screen with a rotating set of names.
--   EMBARGO_KEY=… wrk -t2 -c64 -d60s -s internal/loadgen/screen.lua http://127.0.0.1:8080
-- Names come from $NAMES (a file, one name per line) or the built-in mixed set.
local names = {
  "Vladimir Putin", "Владимир Путин", "John Smith", "Maria Garcia", "Bank Melli Iran", "Mohammed Ali",
  "Kim Jong Un", "Rosneft", "Angela Merkel", "Joe Biden", "Ali Khamenei", "Hezbollah", "Abu Bakr al-Baghdadi",
  "王秀英", "Ivan Petrov", "Acme Trading LLC", "Sergei Lavrov", "Ocean Trader", "Jean Dupont", "Abdul Rahman",
}
local file = os.getenv("NAMES")
if file then
  names = {}
  for line in io.lines(file) do
    if line ~= "" then names[#names + 1] = line end
  end
end
local key = os.getenv("EMBARGO_KEY") or ""
local bodies = {}
for i, n in ipairs(names) do
  bodies[i] = '{"name":"' .. n:gsub('\\', '\\\\'):gsub('"', '\\"') .. '","limit":5}'
end
local i = 0
request = function()
  i = i + 1
  return wrk.format("POST", "/v1/screen",
    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key},
    bodies[(i % #bodies) + 1])
end
response = function(status, headers, body)
  if status ~= 200 then
    io.stderr:write("HTTP " .. status .. ": " .. body .. "\n")
  end
end
