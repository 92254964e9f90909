/*
 * Test support for tab sharing: an in-memory BroadcastChannel (messages are structured-cloned
 * and delivered on a later microtask, as the real one delivers on a later task) where a tab can
 * be frozen, and a Web Locks fake with queueing, abort and steal.
 */
import type {
  TabChannel,
  TabChannelFactory,
  TabLockManager,
  TabLockRequestOptions,
} from 'ngx-realtime';

/** One end of a {@link FakeTabBus} channel. */
export class FakeTabEnd implements TabChannel {
  onmessage: ((event: { readonly data: unknown }) => void) | null = null;
  closed = false;
  /** A frozen end neither sends nor receives (a frozen or hung tab). */
  frozen = false;

  constructor(
    private readonly bus: FakeTabBus,
    readonly name: string,
  ) {}

  postMessage(message: unknown): void {
    if (this.closed) throw new Error('posted on a closed channel');
    this.bus.deliver(this, structuredClone(message));
  }

  close(): void {
    this.closed = true;
  }
}

/** Every channel end opened through {@link factory}, by name. */
export class FakeTabBus {
  readonly ends: FakeTabEnd[] = [];
  /** Everything posted, in order (for assertions). */
  readonly posted: unknown[] = [];

  readonly factory: TabChannelFactory = (name) => {
    const end = new FakeTabEnd(this, name);
    this.ends.push(end);
    return end;
  };

  /** Posts as an outsider (another script of the origin): hostile input. */
  inject(name: string, data: unknown): void {
    this.deliver(null, data, name);
  }

  deliver(from: FakeTabEnd | null, data: unknown, name = from?.name): void {
    if (from?.frozen === true) return;
    this.posted.push(data);
    for (const end of this.ends) {
      if (end === from || end.name !== name || end.closed) continue;
      void Promise.resolve().then(() => {
        if (!end.closed && !end.frozen) end.onmessage?.({ data });
      });
    }
  }
}

interface LockEntry {
  readonly callback: (lock: unknown) => Promise<void>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

function abortError(message: string): Error {
  const error = new Error(message);
  error.name = 'AbortError';
  return error;
}

/** Web Locks for one origin: exclusive locks, a FIFO queue, `signal` and `steal`. */
export class FakeLockManager implements TabLockManager {
  private readonly holders = new Map<string, LockEntry>();
  private readonly queues = new Map<string, LockEntry[]>();

  /** Requests waiting for `name`. */
  waiting(name: string): number {
    return this.queues.get(name)?.length ?? 0;
  }

  held(name: string): boolean {
    return this.holders.has(name);
  }

  request(
    name: string,
    options: TabLockRequestOptions,
    callback: (lock: unknown) => Promise<void>,
  ): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const entry: LockEntry = { callback, resolve, reject };
      if (options.steal === true) {
        const robbed = this.holders.get(name);
        this.holders.delete(name);
        robbed?.reject(abortError('Lock broken by another request with the steal option'));
        return this.grant(name, entry);
      }
      if (!this.holders.has(name)) return this.grant(name, entry);
      const queue = this.queues.get(name) ?? [];
      queue.push(entry);
      this.queues.set(name, queue);
      options.signal?.addEventListener('abort', () => {
        const index = queue.indexOf(entry);
        if (index < 0) return;
        queue.splice(index, 1);
        reject(abortError('The request was aborted'));
      });
    });
  }

  private grant(name: string, entry: LockEntry): void {
    this.holders.set(name, entry);
    void Promise.resolve()
      .then(() => entry.callback({ name }))
      .then(
        (value) => {
          entry.resolve(value);
          this.released(name, entry);
        },
        (error: unknown) => {
          entry.reject(error);
          this.released(name, entry);
        },
      );
  }

  private released(name: string, entry: LockEntry): void {
    if (this.holders.get(name) !== entry) return;
    this.holders.delete(name);
    const next = this.queues.get(name)?.shift();
    if (next !== undefined) this.grant(name, next);
  }
}
