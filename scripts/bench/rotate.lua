-- wrk script: every request presents the next token of the file named by TOKENS_FILE, each thread
-- starting at a different place, so all tokens are checked in turn. WRK_PATH is the path requested
-- (default the check endpoint). With WRK_STATUS set, the status codes are counted and printed at the
-- end as "STATUS 401=… 429=…" (wrk itself only counts non-2xx; counting costs a little per response,
-- so only the rows that report the mix ask for it).
local tokens = {}
for line in io.lines(os.getenv("TOKENS_FILE")) do
  tokens[#tokens + 1] = line
end
local path = os.getenv("WRK_PATH") or "/api/v1/auth/check?resource=requests"

local threads = {}
function setup(thread)
  thread:set("offset", #threads * 7919)
  threads[#threads + 1] = thread
end

local counter = 0
function init(args)
  counter = tonumber(offset) or 0
end

function request()
  counter = counter + 1
  local token = tokens[(counter % #tokens) + 1]
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. token })
end

if os.getenv("WRK_STATUS") then
  statuses = {}
  function response(status, headers, body)
    statuses[status] = (statuses[status] or 0) + 1
  end

  function done(summary, latency, requests)
    local total = {}
    for _, thread in ipairs(threads) do
      for status, count in pairs(thread:get("statuses")) do
        total[status] = (total[status] or 0) + count
      end
    end
    local codes = {}
    for status in pairs(total) do
      codes[#codes + 1] = status
    end
    table.sort(codes)
    local line = "STATUS"
    for _, status in ipairs(codes) do
      line = line .. " " .. status .. "=" .. total[status]
    end
    print(line)
  end
end
