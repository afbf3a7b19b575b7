/**
 * The Lua the Redis history store runs, so numbering, appending and trimming happen in one atomic
 * step per message whatever number of publishers share the Redis.
 *
 * Keys of one channel (one hash tag, so they share a cluster slot):
 * `seq` the last number given (never expires, so numbers never restart), `log` a stream whose entry
 * ids are `<seq>-0` (fields `id`, `at` = Redis time of the append in ms, `envelope` JSON), and `ids`
 * a sorted set of retained message ids scored by their number (idempotent appends).
 */

/** Trims `log` and `ids` to the retention: by count (`MINID`) and by age (scanning the oldest entries). */
const TRIM = `
local function now_ms()
  local clock = redis.call('TIME')
  return tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
end

local function seq_of(entry_id)
  return tonumber(string.match(entry_id, '^(%d+)'))
end

local function trim(now, max_messages, max_age)
  local latest = tonumber(redis.call('GET', KEYS[1]) or '0')
  local first = latest - max_messages + 1
  local cutoff = now - max_age
  local start = '-'
  local scanned = 0
  while scanned < 1024 do
    local head = redis.call('XRANGE', KEYS[2], start, '+', 'COUNT', 128)
    if #head == 0 then break end
    local kept = false
    for _, entry in ipairs(head) do
      local fields = entry[2]
      local at = 0
      for index = 1, #fields, 2 do
        if fields[index] == 'at' then at = tonumber(fields[index + 1]) end
      end
      if at >= cutoff then
        kept = true
        break
      end
      local entry_seq = seq_of(entry[1])
      if entry_seq + 1 > first then first = entry_seq + 1 end
    end
    if kept then break end
    scanned = scanned + #head
    start = '(' .. head[#head][1]
  end
  if first > 1 then
    redis.call('XTRIM', KEYS[2], 'MINID', first .. '-0')
    redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', '(' .. first)
  end
end
`;

/**
 * KEYS: seq, log, ids. ARGV: message id, envelope JSON, maxMessages, maxAgeMs.
 * Returns `{ seq, duplicate (0|1) }`.
 */
export const APPEND_SCRIPT = `${TRIM}
local now = now_ms()
local max_messages = tonumber(ARGV[3])
local max_age = tonumber(ARGV[4])
trim(now, max_messages, max_age)
local known = redis.call('ZSCORE', KEYS[3], ARGV[1])
if known then return { tonumber(known), 1 } end
local seq = redis.call('INCR', KEYS[1])
redis.call('XADD', KEYS[2], seq .. '-0', 'id', ARGV[1], 'at', now, 'envelope', ARGV[2])
redis.call('ZADD', KEYS[3], seq, ARGV[1])
if seq - max_messages >= 1 then
  redis.call('XTRIM', KEYS[2], 'MINID', (seq - max_messages + 1) .. '-0')
  redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', '(' .. (seq - max_messages + 1))
end
-- An idle channel's whole log is past its age limit once maxAgeMs went by without an append.
redis.call('PEXPIRE', KEYS[2], max_age)
redis.call('PEXPIRE', KEYS[3], max_age)
return { seq, 0 }
`;

/**
 * KEYS: seq, log, ids. ARGV: maxMessages, maxAgeMs, range start, range end (stream ids), count,
 * direction (`forwards` | `backwards`). Returns `{ latestSeq, earliestSeq (-1: none), entries }`.
 */
export const READ_SCRIPT = `${TRIM}
trim(now_ms(), tonumber(ARGV[1]), tonumber(ARGV[2]))
local latest = tonumber(redis.call('GET', KEYS[1]) or '0')
local head = redis.call('XRANGE', KEYS[2], '-', '+', 'COUNT', 1)
local earliest = -1
if head[1] then earliest = seq_of(head[1][1]) end
local entries
if ARGV[6] == 'forwards' then
  entries = redis.call('XRANGE', KEYS[2], ARGV[3], ARGV[4], 'COUNT', ARGV[5])
else
  entries = redis.call('XREVRANGE', KEYS[2], ARGV[4], ARGV[3], 'COUNT', ARGV[5])
end
return { latest, earliest, entries }
`;
