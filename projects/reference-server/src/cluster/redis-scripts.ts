/*
 * Lua scripts of the Redis backplane. Each runs atomically in Redis, which is what gives the
 * cluster one order per user: no other command interleaves between handing out a sequence
 * number, logging the event and announcing it.
 */

/**
 * KEYS: seq counter, log stream. ARGV: envelope JSON without `seq`, log capacity, pub/sub
 * channel, announcement head (`{"k":"e",...,"e":`). Returns the sequence number.
 */
export const DELIVER = `
local seq = redis.call('INCR', KEYS[1])
local event = string.sub(ARGV[1], 1, -2) .. ',"seq":' .. seq .. '}'
redis.call('XADD', KEYS[2], 'MAXLEN', ARGV[2], seq .. '-0', 'e', event)
redis.call('PUBLISH', ARGV[3], ARGV[4] .. event .. '}')
return seq
`;

/**
 * Shared helpers: the status shown for a user is the most available status reported by an
 * instance whose liveness key still exists (a killed instance stops counting when its key
 * expires, even before anyone reaps it).
 */
const PRESENCE_HELPERS = `
local RANK = { online = 3, busy = 2, away = 1 }
local function shown(presKey, alivePrefix)
  local fields = redis.call('HGETALL', presKey)
  local best, bestRank = 'offline', 0
  for i = 1, #fields, 2 do
    if redis.call('EXISTS', alivePrefix .. fields[i]) == 1 then
      local rank = RANK[fields[i + 1]] or 0
      if rank > bestRank then best, bestRank = fields[i + 1], rank end
    end
  end
  return best
end
local function update(shownKey, status, now)
  local old = redis.call('HGET', shownKey, 'status') or 'offline'
  redis.call('HSET', shownKey, 'status', status, 'last_seen', now)
  return old ~= status
end
`;

/**
 * KEYS: the user's per-instance presence hash, shown hash, this instance's user set.
 * ARGV: instance id, status, now (ISO), liveness key prefix, user id.
 * Returns the new shown status when it changed, else nil.
 */
export const REPORT_PRESENCE = `${PRESENCE_HELPERS}
if ARGV[2] == 'offline' then
  redis.call('HDEL', KEYS[1], ARGV[1])
  redis.call('SREM', KEYS[3], ARGV[5])
else
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
  redis.call('SADD', KEYS[3], ARGV[5])
end
local status = shown(KEYS[1], ARGV[4])
if update(KEYS[2], status, ARGV[3]) then return status end
return false
`;

/**
 * Withdraws a dead instance's presence. Only one caller wins (SREM from the instance set),
 * so each change is announced once. KEYS: instance set, the dead instance's user set.
 * ARGV: dead instance id, now, liveness prefix, presence hash prefix, shown hash prefix.
 * Returns a flat list: user id, new status, ...
 */
export const REAP_INSTANCE = `${PRESENCE_HELPERS}
if redis.call('EXISTS', ARGV[3] .. ARGV[1]) == 1 then return {} end
if redis.call('SREM', KEYS[1], ARGV[1]) == 0 then return {} end
local out = {}
for _, user in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  local presKey = ARGV[4] .. user
  redis.call('HDEL', presKey, ARGV[1])
  local status = shown(presKey, ARGV[3])
  if update(ARGV[5] .. user, status, ARGV[2]) then
    table.insert(out, user)
    table.insert(out, status)
  end
end
redis.call('DEL', KEYS[2])
return out
`;
