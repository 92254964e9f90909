import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { ServerEnvelope } from '../core/envelope';
import type { Logger } from '../logger';
import type {
  Claim,
  ClusterBackplane,
  ClusterMessage,
  EventRoute,
  InstancePresence,
  ShownPresence,
  StoredLog,
} from './backplane';
import { DELIVER, REAP_INSTANCE, REPORT_PRESENCE } from './redis-scripts';

/** The scripts, registered with `defineCommand` (EVALSHA, loaded on first use). */
interface ScriptCommands {
  deliver(...args: (string | number)[]): Promise<number>;
  reportPresence(...args: string[]): Promise<string | null>;
  reapInstance(...args: string[]): Promise<string[]>;
}

/** How long a processed message id is remembered (the client outbox keeps sends 24 h). */
const RESULT_TTL_MS = 24 * 60 * 60 * 1000;
/** How long a duplicate waits for the instance still processing the first copy. */
const CLAIM_WAIT_MS = 5_000;
const PENDING = 'p';

/** Settings of {@link RedisBackplane}. */
export interface RedisBackplaneOptions {
  /** `redis://host:port[/db]`. */
  readonly url: string;
  /** Retained events per user (the server's `eventLogSize`). */
  readonly logSize: number;
  /** How often this instance refreshes its liveness key; the key lives three times as long. */
  readonly livenessMs: number;
  /** Prefix of every key and of the pub/sub channel (default `ngx-rt:`). */
  readonly prefix?: string;
  readonly logger: Logger;
}

/**
 * The cluster backplane on one Redis server (see {@link ClusterBackplane} and
 * docs/reference-server.md for the key layout): `INCR` + `XADD` + `PUBLISH` in one script
 * per event, a capped stream per user, sets for memberships, `SET NX` claims for
 * idempotency, and per-instance presence with a liveness key that expires when the
 * instance dies.
 */
export class RedisBackplane implements ClusterBackplane {
  readonly instanceId = randomUUID();
  private readonly redis: Redis;
  private readonly subscriber: Redis;
  private readonly prefix: string;
  private readonly channel: string;
  private liveness: NodeJS.Timeout | null = null;
  private readonly expiredListeners: ((change: ShownPresence) => void)[] = [];

  constructor(private readonly options: RedisBackplaneOptions) {
    this.prefix = options.prefix ?? 'ngx-rt:';
    this.channel = `${this.prefix}events`;
    const settings = { lazyConnect: true, maxRetriesPerRequest: 3, connectionName: 'ngx-rt' };
    this.redis = new Redis(options.url, settings);
    this.subscriber = new Redis(options.url, settings);
    this.redis.defineCommand('deliver', { numberOfKeys: 2, lua: DELIVER });
    this.redis.defineCommand('reportPresence', { numberOfKeys: 3, lua: REPORT_PRESENCE });
    this.redis.defineCommand('reapInstance', { numberOfKeys: 2, lua: REAP_INSTANCE });
    for (const client of [this.redis, this.subscriber]) {
      client.on('error', (error: Error) =>
        options.logger.warn('redis.error', { message: error.message }),
      );
    }
  }

  private get scripts(): ScriptCommands {
    return this.redis as unknown as ScriptCommands;
  }

  private key(...parts: string[]): string {
    return this.prefix + parts.join(':');
  }

  private aliveKey(instanceId: string): string {
    return this.key('alive', instanceId);
  }

  async start(listener: (message: ClusterMessage) => void): Promise<string> {
    try {
      await Promise.all([this.redis.connect(), this.subscriber.connect()]);
    } catch (error) {
      this.abort();
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`Cannot reach Redis at ${redactUrl(this.options.url)}: ${reason}`, {
        cause: error,
      });
    }
    this.subscriber.on('message', (_channel: string, text: string) => {
      const message = parseMessage(text);
      if (message === null) this.options.logger.warn('redis.bad_message', {});
      else listener(message);
    });
    await this.subscriber.subscribe(this.channel);
    await this.redis.set(this.key('epoch'), randomUUID(), 'NX');
    const epoch = await this.redis.get(this.key('epoch'));
    await this.beat();
    await this.redis.sadd(this.key('instances'), this.instanceId);
    this.liveness = setInterval(
      () => void this.beat().then(() => this.reapDead()),
      this.options.livenessMs,
    );
    this.liveness.unref();
    return epoch as string;
  }

  async stop(): Promise<void> {
    if (this.liveness !== null) clearInterval(this.liveness);
    this.liveness = null;
    try {
      await this.redis.del(this.aliveKey(this.instanceId));
      await this.reap(this.instanceId);
    } finally {
      this.subscriber.disconnect();
      await this.redis.quit().catch(() => this.redis.disconnect());
    }
  }

  abort(): void {
    if (this.liveness !== null) clearInterval(this.liveness);
    this.liveness = null;
    this.subscriber.disconnect();
    this.redis.disconnect();
  }

  deliver(userId: string, event: ServerEnvelope, route: EventRoute): void {
    const head =
      `{"k":"e","u":${JSON.stringify(userId)},"d":${route.direct ? 1 : 0},` +
      `"x":${JSON.stringify(route.exceptConnection ?? null)},"e":`;
    this.scripts
      .deliver(
        this.key('seq', userId),
        this.key('log', userId),
        JSON.stringify(event),
        this.options.logSize,
        this.channel,
        head,
      )
      .catch((error: unknown) => this.failed('deliver', error));
  }

  async readLog(userId: string): Promise<StoredLog> {
    // One transaction: no event can be logged between reading the counter and the stream.
    const replies = await this.redis
      .multi()
      .get(this.key('seq', userId))
      .xrange(this.key('log', userId), '-', '+')
      .exec();
    const latest = Number(replies?.[0]?.[1] ?? 0);
    const entries = (replies?.[1]?.[1] ?? []) as [string, string[]][];
    const events = entries.map(([, fields]) => JSON.parse(fields[1]) as ServerEnvelope);
    return { latest, events };
  }

  membership(userId: string, channel: string, joined: boolean): void {
    const message = JSON.stringify({
      k: 'm',
      u: userId,
      c: channel,
      j: joined ? 1 : 0,
      o: this.instanceId,
    });
    const transaction = this.redis.multi();
    if (joined)
      transaction.sadd(this.key('chans', userId), channel).sadd(this.key('users'), userId);
    else transaction.srem(this.key('chans', userId), channel);
    transaction
      .publish(this.channel, message)
      .exec()
      .catch((error: unknown) => this.failed('membership', error));
  }

  async loadMemberships(): Promise<ReadonlyMap<string, readonly string[]>> {
    const users = await this.redis.smembers(this.key('users'));
    const pipeline = this.redis.pipeline();
    for (const user of users) pipeline.smembers(this.key('chans', user));
    const replies = (await pipeline.exec()) ?? [];
    return new Map(users.map((user, i) => [user, (replies[i]?.[1] ?? []) as string[]]));
  }

  async claim(userId: string, messageId: string): Promise<Claim> {
    const key = this.resultKey(userId, messageId);
    const won = await this.redis.set(key, PENDING, 'PX', RESULT_TTL_MS, 'NX');
    if (won === 'OK') return { kind: 'claimed' };
    const deadline = Date.now() + CLAIM_WAIT_MS;
    for (;;) {
      const value = await this.redis.get(key);
      // Released (the first copy failed): this copy may run it.
      if (value === null) return this.claim(userId, messageId);
      if (value !== PENDING)
        return { kind: 'done', result: (JSON.parse(value) as { r: unknown }).r };
      if (Date.now() > deadline) return { kind: 'busy' };
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  settle(userId: string, messageId: string, result: unknown): void {
    this.redis
      .set(this.resultKey(userId, messageId), JSON.stringify({ r: result }), 'PX', RESULT_TTL_MS)
      .catch((error: unknown) => this.failed('settle', error));
  }

  release(userId: string, messageId: string): void {
    this.redis
      .del(this.resultKey(userId, messageId))
      .catch((error: unknown) => this.failed('release', error));
  }

  private resultKey(userId: string, messageId: string): string {
    // The user id's length keeps `a:b` + `c` apart from `a` + `b:c`.
    return this.key('done', String(userId.length), userId, messageId);
  }

  async reportPresence(userId: string, status: InstancePresence): Promise<ShownPresence | null> {
    const now = new Date().toISOString();
    const changed = await this.scripts.reportPresence(
      this.key('pres', userId),
      this.key('shown', userId),
      this.key('inst-users', this.instanceId),
      this.instanceId,
      status,
      now,
      this.key('alive', ''),
      userId,
    );
    return changed === null
      ? null
      : { user_id: userId, status: changed as InstancePresence, last_seen: now };
  }

  async presenceOf(userIds: readonly string[]): Promise<ShownPresence[]> {
    const pipeline = this.redis.pipeline();
    for (const userId of userIds) pipeline.hgetall(this.key('shown', userId));
    const replies = (await pipeline.exec()) ?? [];
    return userIds.map((userId, i) => {
      const shown = (replies[i]?.[1] ?? {}) as Record<string, string>;
      const status = shown['status'] as InstancePresence | undefined;
      return status === undefined
        ? { user_id: userId, status: 'offline' }
        : { user_id: userId, status, last_seen: shown['last_seen'] };
    });
  }

  onPresenceExpired(listener: (change: ShownPresence) => void): void {
    this.expiredListeners.push(listener);
  }

  async flushed(): Promise<void> {
    await this.redis.ping();
  }

  private async beat(): Promise<void> {
    const ttl = this.options.livenessMs * 3;
    await this.redis
      .set(this.aliveKey(this.instanceId), '1', 'PX', ttl)
      .catch((error: unknown) => this.failed('liveness', error));
  }

  /** Withdraws the presence of instances whose liveness key expired. */
  private async reapDead(): Promise<void> {
    try {
      const instances = await this.redis.smembers(this.key('instances'));
      for (const instance of instances) {
        if (instance === this.instanceId) continue;
        if ((await this.redis.exists(this.aliveKey(instance))) === 0) await this.reap(instance);
      }
    } catch (error) {
      this.failed('reap', error);
    }
  }

  private async reap(instance: string): Promise<void> {
    const now = new Date().toISOString();
    const flat = await this.scripts.reapInstance(
      this.key('instances'),
      this.key('inst-users', instance),
      instance,
      now,
      this.key('alive', ''),
      this.key('pres', ''),
      this.key('shown', ''),
    );
    for (let i = 0; i + 1 < flat.length; i += 2) {
      const change: ShownPresence = {
        user_id: flat[i],
        status: flat[i + 1] as InstancePresence,
        last_seen: now,
      };
      for (const listener of this.expiredListeners) listener(change);
    }
  }

  private failed(operation: string, error: unknown): void {
    this.options.logger.error('redis.failed', {
      operation,
      message: error instanceof Error ? error.message : String(error),
    });
  }
}

/** The URL without a password (it goes into error messages and logs). */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the configured URL';
  }
}

/** Reads one announcement; `null` when it is not one of ours. */
function parseMessage(text: string): ClusterMessage | null {
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (data['k'] === 'e' && typeof data['u'] === 'string' && typeof data['e'] === 'object') {
    const except = typeof data['x'] === 'string' ? { exceptConnection: data['x'] } : {};
    return {
      kind: 'event',
      userId: data['u'],
      route: { direct: data['d'] === 1, ...except },
      event: data['e'] as ServerEnvelope,
    };
  }
  if (data['k'] === 'm' && typeof data['u'] === 'string' && typeof data['c'] === 'string') {
    return {
      kind: 'membership',
      userId: data['u'],
      channel: data['c'],
      joined: data['j'] === 1,
      origin: String(data['o']),
    };
  }
  return null;
}
