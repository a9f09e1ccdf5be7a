/**
 * One call per SCAN page: TYPE, PTTL and (optionally) MEMORY USAGE of every key in KEYS, and
 * the keyspace hits/misses those reads added (TYPE → none and PTTL → -2 are misses), so the
 * read ledger stays exact. `pcall` keeps a denied or failing read from aborting the script
 * half-way (which would leave reads the ledger cannot know about).
 *
 * Sizes: MEMORY USAGE's default (5 samples) is O(1); `SAMPLES 0` walks every element — 24 ms
 * for a 200k-field hash on Redis 7.0 — so an aggregate is measured exactly only when its
 * sampled size is below ARGV[3] and the call's exact budget (ARGV[2] bytes) allows, which
 * bounds every call to a few ms. Other aggregates keep the estimate, flagged.
 *
 * Reply: hits, misses, denied, memoryDenied, then per key: type code (1–6) or type name
 * (0 = gone), PTTL, size (-1 unknown), estimated (0/1).
 */
export const PAGE_SCRIPT = `
local withMem = ARGV[1] == '1'
local budget = tonumber(ARGV[2])
local exactBelow = tonumber(ARGV[3])
local codes = {string = 1, list = 2, set = 3, zset = 4, hash = 5, stream = 6}
local out = {0, 0, 0, 0}
local hits, misses, denied, memDenied = 0, 0, 0, 0
local n = 4
for i = 1, #KEYS do
  local k = KEYS[i]
  local code, ttl, size, est = 0, -2, -1, 0
  local t = redis.pcall('TYPE', k)
  if type(t) == 'table' and t.ok then
    t = t.ok
    if t == 'none' then
      misses = misses + 1
    else
      hits = hits + 1
      code = codes[t] or t
      local p = redis.pcall('PTTL', k)
      if type(p) == 'number' then
        ttl = p
        if p == -2 then misses = misses + 1 else hits = hits + 1 end
      else
        code = 0
        denied = denied + 1
      end
      if withMem and code ~= 0 then
        local m = redis.pcall('MEMORY', 'USAGE', k)
        if type(m) == 'number' then
          size = m
          if t ~= 'string' then
            est = 1
            if m < exactBelow and m <= budget then
              local e = redis.pcall('MEMORY', 'USAGE', k, 'SAMPLES', '0')
              if type(e) == 'number' then
                size = e
                est = 0
                budget = budget - e
              end
            end
          end
        elseif type(m) == 'table' and m.err then
          memDenied = 1
        end
      end
    end
  else
    denied = denied + 1
  end
  out[n + 1] = code
  out[n + 2] = ttl
  out[n + 3] = size
  out[n + 4] = est
  n = n + 4
end
out[1] = hits
out[2] = misses
out[3] = denied
out[4] = memDenied
return out
`;
