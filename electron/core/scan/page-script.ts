/**
 * One call per SCAN page: TYPE, PTTL and (optionally) MEMORY USAGE of every key of the page.
 * `pcall` keeps a denied or failing read from aborting the script half-way (which would leave
 * reads the read ledger cannot know about). Each key's outcome says which reads ran and what
 * they found, so the client derives the keyspace hits/misses exactly (see parseScriptReply).
 *
 * Sizes: MEMORY USAGE's default (5 samples) is O(1); `SAMPLES 0` walks every element — 24 ms
 * for a 200k-field hash on Redis 7.0 — so an aggregate is measured exactly only when its
 * sampled size is below ARGV[3] and the call's exact budget (ARGV[2] bytes) allows, which
 * bounds every call to a few ms. Other aggregates keep the estimate, flagged.
 *
 * Cost: every Lua instruction per key shows in the server's CPU (callgrind: the inner calls
 * are ~60 % of the script's work, the rest is Lua and the reply), so the loop is lean —
 * globals held in locals, no per-key counters, two integers per key in the reply.
 *
 * Reply: memoryDenied (0/1), then per key: PTTL and an outcome —
 *    0  gone (TYPE → none: one miss)        -1  TYPE refused (ACL): no read
 *   -2  PTTL refused after TYPE found it    -3  gone at PTTL after TYPE found it (a miss)
 *   -4  not served by this node now (a cluster slot moved away mid-scan): no read
 * A cluster that is down fails the whole call (CLUSTERDOWN) before any read.
 *   ≥2  (size + 1) · 16 + type code (1–6) · 2 + estimated (0/1); size -1 = not read
 *   a string: "<module type name> <size> <estimated>".
 */
const body = (keys: string, first: number) => `
local withMem = ARGV[1] == '1'
local budget = tonumber(ARGV[2])
local exactBelow = tonumber(ARGV[3])
local keys = ${keys}
local pcall, type, find = redis.pcall, type, string.find
local codes = {string = 1, list = 2, set = 3, zset = 4, hash = 5, stream = 6}
local out = {0}
local n = 1
for i = ${first}, #keys do
  local k = keys[i]
  local ttl, outcome = -2, 0
  local r = pcall('TYPE', k)
  local t = r.ok
  if not t then
    -- An ACL refusal reads nothing; nor does a cluster's routing check: a key whose slot moved away
    -- is not served here now. A cluster that is down refuses every key alike, so from the first one:
    -- no read has run, and the page is refused whole (the scan waits for the cluster).
    if find(r.err, 'non local key', 1, true) then outcome = -4
    elseif find(r.err, 'cluster is down', 1, true) then return redis.error_reply('CLUSTERDOWN ' .. r.err)
    else outcome = -1 end
  elseif t ~= 'none' then
    local p = pcall('PTTL', k)
    if type(p) ~= 'number' then
      outcome = -2
    elseif p == -2 then
      outcome = -3
    else
      ttl = p
      local code = codes[t]
      local size, est = -1, 0
      if withMem then
        local m = pcall('MEMORY', 'USAGE', k)
        if type(m) == 'number' then
          size = m
          if code ~= 1 then
            est = 1
            if m < exactBelow and m <= budget then
              local e = pcall('MEMORY', 'USAGE', k, 'SAMPLES', '0')
              if type(e) == 'number' then
                size = e
                est = 0
                budget = budget - e
              end
            end
          end
        else
          out[1] = 1
        end
      end
      if code then outcome = (size + 1) * 16 + code * 2 + est else outcome = t .. ' ' .. size .. ' ' .. est end
    end
  end
  out[n + 1] = ttl
  out[n + 2] = outcome
  n = n + 2
end
return out
`;

/**
 * How a page's keys reach the script:
 * - `keys`: as KEYS, options in ARGV — what a single server gets (`EVALSHA sha n keys… opts…`);
 * - `argv`: after the three options in ARGV, no KEYS (`EVALSHA sha 0 opts… keys…`), for a cluster
 *   node. There a call's declared keys must share one slot (CROSSSLOT, before the script runs) and
 *   a page holds keys of hundreds of slots, all served by the node that listed them. The shebang's
 *   `allow-cross-slot-keys` lets the script read them (Redis ≥ 7.0); `no-writes` declares it
 *   read-only, so a replica (with READONLY) and a primary at maxmemory run it too;
 * - `argv-legacy`: the same without the shebang, for a cluster before 7.0, where a script without
 *   flags may read any key its node serves.
 */
export type ScriptForm = 'keys' | 'argv' | 'argv-legacy';

export const PAGE_SCRIPTS: Record<ScriptForm, string> = {
  keys: body('KEYS', 1),
  argv: `#!lua flags=no-writes,allow-cross-slot-keys\n${body('ARGV', 4)}`,
  'argv-legacy': body('ARGV', 4),
};

/** The single-server form (KEYS), as the benchmarks and older tests load it. */
export const PAGE_SCRIPT = PAGE_SCRIPTS.keys;
