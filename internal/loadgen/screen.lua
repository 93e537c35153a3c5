-- wrk script: POST /v1/screen with a rotating set of names (closed loop:
-- -c connections send back to back; wrk measures from each send).
--   EMBARGO_KEY=… wrk -t1 -c32 -d60s --latency -s internal/loadgen/screen.lua http://127.0.0.1:8080
--   NAMES=../shared/data/names/faker/faker_names_seed20261129.tsv EMBARGO_KEY=… wrk … (same)
-- $NAMES is a file of names: one a line, or TSV with a header whose "name"
-- column (else the last column) holds them. Default: the built-in mixed set
-- of 20, the same as loadgen's. Every answer is sent only after its audit
-- record is committed, so wrk's latencies include the audit write.
local names = {
  "Vladimir Putin", "Владимир Путин", "John Smith", "Maria Garcia", "Bank Melli Iran", "Mohammed Ali",
  "Kim Jong Un", "Rosneft", "Angela Merkel", "Joe Biden", "Ali Khamenei", "Hezbollah", "Abu Bakr al-Baghdadi",
  "王秀英", "Ivan Petrov", "Acme Trading LLC", "Sergei Lavrov", "Ocean Trader", "Jean Dupont", "Abdul Rahman",
}

local function split(line, sep)
  local out = {}
  for field in (line .. sep):gmatch("(.-)" .. sep) do out[#out + 1] = field end
  return out
end

local file = os.getenv("NAMES")
if file and file ~= "" then
  names = {}
  local col, first = nil, true
  for line in io.lines(file) do
    line = line:gsub("\r$", "")
    local fields = split(line, "\t")
    local header = false
    if first then
      first = false
      if #fields > 1 or line:lower() == "name" then -- a header row
        header = true
        col = #fields
        for j, h in ipairs(fields) do
          if h:lower() == "name" or h:lower() == "full_name" then col = j end
        end
      end
    end
    if not header then
      local n = col and fields[col] or line
      if n and n:match("%S") then names[#names + 1] = n end
    end
  end
  assert(#names > 0, "no names in " .. file)
end

local function json_string(s)
  s = s:gsub('[%c"\\]', function(c)
    if c == '"' then return '\\"' elseif c == "\\" then return "\\\\" end
    return string.format("\\u%04x", c:byte())
  end)
  return '"' .. s .. '"'
end

local key = os.getenv("EMBARGO_KEY") or ""
local bodies = {}
for i, n in ipairs(names) do
  bodies[i] = '{"name":' .. json_string(n) .. ',"limit":5}'
end

local reqs, i = nil, 0
request = function()
  if not reqs then -- formatted once per thread, after wrk has set the Host header
    reqs = {}
    for j, b in ipairs(bodies) do
      reqs[j] = wrk.format("POST", "/v1/screen",
        {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key}, b)
    end
  end
  i = i % #reqs + 1
  return reqs[i]
end

local shown = 0
response = function(status, headers, body)
  if status ~= 200 and shown < 5 then
    shown = shown + 1
    io.stderr:write("HTTP " .. status .. ": " .. body .. "\n")
  end
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("names %d; answered %d in %.1fs: %.0f/s; p50 %.2fms p90 %.2fms p99 %.2fms max %.2fms; non-200 %d, socket errors %d\n",
    #names, summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.status, e.connect + e.read + e.write + e.timeout))
end
