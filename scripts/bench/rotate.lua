-- wrk script: every request presents the next token of the file named by TOKENS_FILE, each thread
-- starting at a different place, so all tokens are checked in turn.
local tokens = {}
for line in io.lines(os.getenv("TOKENS_FILE")) do
  tokens[#tokens + 1] = line
end

local threads = 0
function setup(thread)
  thread:set("offset", threads * 7919)
  threads = threads + 1
end

local counter = 0
function init(args)
  counter = tonumber(offset) or 0
end

function request()
  counter = counter + 1
  local token = tokens[(counter % #tokens) + 1]
  return wrk.format("GET", "/api/v1/auth/check?resource=requests", { ["Authorization"] = "Bearer " .. token })
end
