-- The lua workload: integer and float arithmetic, strings, tables, sorting,
-- closures, coroutines, pattern matching.  Argument 1 scales the work.
-- Prints only values that do not depend on the machine (no addresses, no
-- libm transcendental functions, whose last bits may differ).
local scale = tonumber(arg[1]) or 1

local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end

local function sieve(n)
  local composite, count = {}, 0
  for i = 2, n do
    if not composite[i] then
      count = count + 1
      for j = i * i, n, i do composite[j] = true end
    end
  end
  return count
end

local function lcg(seed)
  return function()
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed
  end
end

local function sort_check(n)
  local r, t = lcg(42), {}
  for i = 1, n do t[i] = r() % 100000 end
  table.sort(t)
  local sum = 0
  for i = 1, n, 97 do sum = sum + t[i] end
  table.sort(t, function(a, b) return a > b end)
  return sum, t[1], t[n]
end

local function strings(n)
  local parts = {}
  for i = 1, n do parts[i] = string.format("%d:%x:%5.2f", i, i * 7, i / 8) end
  local s = table.concat(parts, ",")
  local count = 0
  for a, b in s:gmatch("(%d+):(%x+)") do
    if tonumber(b, 16) % 3 == 0 then count = count + #a end
  end
  local up = s:sub(1, 200):upper():gsub("%d", "#")
  return #s, count, up:sub(1, 40), s:find("1000:", 1, true)
end

local function floats(n)
  local x, acc = 0.0, 0.0
  for i = 1, n do
    x = x + 1 / i
    acc = acc + math.sqrt(i) * (i % 2 == 0 and 1 or -1)
  end
  return string.format("%.10f %.6f %g %a", x, acc, x * 1e300 * 1e10, 1 / 3)
end

local function coroutines(n)
  local gen = coroutine.wrap(function()
    for i = 1, n do coroutine.yield(i * i % 1013) end
  end)
  local total = 0
  for _ = 1, n do total = total + gen() end
  return total
end

local function tables(n)
  local t = {}
  for i = 1, n do t["k" .. (i % 5003)] = (t["k" .. (i % 5003)] or 0) + i end
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table.sort(keys)
  local h = 0
  for _, k in ipairs(keys) do h = (h * 31 + t[k]) % 1000000007 end
  return #keys, h
end

print("fib", fib(20 + math.min(scale, 12)))
print("sieve", sieve(100000 * scale))
print("sort", sort_check(20000 * scale))
print("strings", strings(5000 * scale))
print("floats", floats(200000 * scale))
print("coroutines", coroutines(50000 * scale))
print("tables", tables(100000 * scale))
print("integers", math.maxinteger // 7, -7 // 2, 7 % -3, 1 << 62, 3 ^ 40)
print("done")
