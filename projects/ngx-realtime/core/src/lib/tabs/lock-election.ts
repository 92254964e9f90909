import type { TabLockManager } from './tab-platform';

/** What an election tells the tab it runs in. */
export interface ElectionEvents {
  /** This tab now leads: open the connection. */
  elected(): void;
  /** This tab lost the lead without asking (another tab stole it): close the connection. */
  deposed(): void;
}

/**
 * Chooses one leader among the tabs that share a name. Every tab runs one; at most one of
 * them is elected at a time (a stolen leader is told so it steps down).
 */
export interface LeaderElection {
  /** True while this tab leads. */
  readonly leading: boolean;
  /** Enters the election (queues for the lead). */
  start(): void;
  /** Takes the lead from a leader that stopped answering. */
  seize(): void;
  /** Leaves the election, giving the lead up when held. */
  stop(): void;
}

function isAbort(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'AbortError';
}

/**
 * Election with the Web Locks API: every tab queues for one exclusive lock and the holder
 * leads until its page goes away (the browser releases the lock even when the tab crashes).
 * A frozen or hung holder keeps its lock, so {@link seize} takes it with `steal: true`; the
 * robbed tab's request then rejects and it steps down as soon as it runs again.
 */
export class LockElection implements LeaderElection {
  private held = false;
  /** Each request gets a generation: callbacks of an older one are ignored. */
  private generation = 0;
  private abort: AbortController | null = null;
  private release: (() => void) | null = null;

  constructor(
    private readonly locks: TabLockManager,
    private readonly name: string,
    private readonly events: ElectionEvents,
  ) {}

  get leading(): boolean {
    return this.held;
  }

  start(): void {
    if (this.abort !== null || this.held) return;
    this.abort = new AbortController();
    this.request({ signal: this.abort.signal });
  }

  seize(): void {
    if (this.held) return;
    // A queued request cannot also steal (NotSupportedError): withdraw it first.
    this.abort?.abort();
    this.abort = null;
    this.request({ steal: true });
  }

  stop(): void {
    this.generation++;
    this.abort?.abort();
    this.abort = null;
    this.held = false;
    this.release?.();
    this.release = null;
  }

  private request(options: { signal?: AbortSignal; steal?: boolean }): void {
    const generation = ++this.generation;
    const current = () => generation === this.generation;
    this.locks
      .request(this.name, options, () => {
        if (!current()) return Promise.resolve();
        this.abort = null;
        this.held = true;
        const held = new Promise<void>((resolve) => (this.release = resolve));
        this.events.elected();
        return held;
      })
      .then(
        () => undefined,
        (error: unknown) => {
          if (!current() || !isAbort(error)) return;
          if (this.held) {
            // Stolen: step down and queue again, so this tab can lead later.
            this.held = false;
            this.release?.();
            this.release = null;
            this.events.deposed();
            this.start();
          }
        },
      );
  }
}
