-- Writes N lines of deterministic, log-like text (argument 1, default 1000):
-- the input of the compressor, gawk and busybox workloads.  A 64-bit LCG
-- (wrapping integer arithmetic) makes it identical on every machine.
local n = tonumber(arg[1]) or 1000
local state = 20240601

local function rand(k)
  state = state * 6364136223846793005 + 1442695040888963407
  return (state >> 33) % k
end

local words = {
  "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel",
  "india", "juliet", "kilo", "lima", "mike", "november", "oscar", "papa",
  "quebec", "romeo", "sierra", "tango", "uniform", "victor", "whiskey",
  "xray", "yankee", "zulu", "lorem", "ipsum", "dolor", "sit", "amet",
  "request", "response", "timeout", "retry", "cache", "miss", "hit",
}
local levels = { "DEBUG", "INFO", "INFO", "INFO", "WARN", "ERROR" }
local services = { "api", "auth", "db", "queue", "web", "worker" }

local out, buf = io.stdout, {}
for i = 1, n do
  local msg = {}
  for j = 1, 3 + rand(9) do msg[j] = words[1 + rand(#words)] end
  buf[#buf + 1] = string.format(
    "2024-%02d-%02d %02d:%02d:%02d host%02d %s %s user%d bytes=%d ms=%d.%03d %s\n",
    1 + rand(12), 1 + rand(28), rand(24), rand(60), rand(60), rand(32),
    services[1 + rand(#services)], levels[1 + rand(#levels)], rand(5000),
    rand(1 << 20), rand(3000), rand(1000), table.concat(msg, " "))
  if #buf == 512 or i == n then
    out:write(table.concat(buf))
    buf = {}
  end
end
