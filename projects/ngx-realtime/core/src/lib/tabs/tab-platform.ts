/**
 * The browser APIs tab sharing stands on, as small interfaces: tests (and platforms without
 * them) pass their own. Nothing here touches a global at import time, so the module is safe
 * to load during server-side rendering.
 */

/** Options of {@link TabLockManager.request}, the subset of the Web Locks API used. */
export interface TabLockRequestOptions {
  /** Cancels a request still waiting in the queue. */
  readonly signal?: AbortSignal;
  /** Takes the lock from its holder at once (the holder's request promise rejects). */
  readonly steal?: boolean;
}

/**
 * The part of `navigator.locks` (Web Locks API) leader election needs. The lock is held
 * until the promise returned by `callback` settles; the promise returned by `request`
 * rejects with an `AbortError` when the request was aborted or the held lock was stolen.
 */
export interface TabLockManager {
  /** Asks for the lock `name`; `callback` runs while it is held. */
  request(
    name: string,
    options: TabLockRequestOptions,
    callback: (lock: unknown) => Promise<void>,
  ): Promise<unknown>;
}

/** One end of a `BroadcastChannel`: every other end with the same name receives what it posts. */
export interface TabChannel {
  /** Sends to every other end (structured clone). */
  postMessage(message: unknown): void;
  /** Set by tab sharing; receives what other ends posted (`event.data` is untrusted). */
  onmessage: ((event: { readonly data: unknown }) => void) | null;
  /** Stops receiving and sending. */
  close(): void;
}

/** Opens a {@link TabChannel} by name (default: the platform `BroadcastChannel`). */
export type TabChannelFactory = (name: string) => TabChannel;

/** Page lifecycle as tab sharing sees it. */
export interface TabPage {
  /** True when the page is shown (a hidden tab's timers are throttled, so it never steals). */
  visible(): boolean;
  /** Starts listening; returns the function that stops. */
  listen(events: TabPageEvents): () => void;
}

/** What a {@link TabPage} reports. */
export interface TabPageEvents {
  /** The page became visible. */
  shown(): void;
  /** The page is being unloaded, put into the back/forward cache, or frozen. */
  leaving(): void;
  /** The page came back from the back/forward cache or from being frozen. */
  returned(): void;
}

interface LocksGlobal {
  navigator?: { locks?: TabLockManager };
  BroadcastChannel?: new (name: string) => TabChannel;
}

/** `navigator.locks` where the platform has it, else `null` (election falls back to messages). */
export function platformLockManager(): TabLockManager | null {
  const locks = (globalThis as LocksGlobal).navigator?.locks;
  return locks !== undefined && typeof locks.request === 'function' ? locks : null;
}

/** The platform `BroadcastChannel`, or `null` where there is none (tab sharing then stays off). */
export function platformTabChannel(): TabChannelFactory | null {
  const Channel = (globalThis as LocksGlobal).BroadcastChannel;
  return typeof Channel === 'function' ? (name) => new Channel(name) : null;
}

interface EventTargetLike {
  addEventListener(type: string, listener: (event: { persisted?: boolean }) => void): void;
  removeEventListener(type: string, listener: (event: { persisted?: boolean }) => void): void;
}

/**
 * `visibilitychange`, `pagehide`/`pageshow` and `freeze`/`resume` of the current document;
 * `null` where there is no document (workers, Node).
 */
export function browserTabPage(): TabPage | null {
  const target = globalThis as unknown as Partial<EventTargetLike> & {
    document?: EventTargetLike & { visibilityState?: string };
  };
  const doc = target.document;
  if (typeof target.addEventListener !== 'function' || doc === undefined) return null;
  const win = target as EventTargetLike;
  return {
    visible: () => doc.visibilityState !== 'hidden',
    listen(events) {
      const visibility = () => {
        if (doc.visibilityState !== 'hidden') events.shown();
      };
      const leaving = () => events.leaving();
      // A `pageshow` that is not `persisted` is the first load: nothing to come back from.
      const pageshow = (event: { persisted?: boolean }) => {
        if (event.persisted === true) events.returned();
      };
      const resume = () => events.returned();
      doc.addEventListener('visibilitychange', visibility);
      doc.addEventListener('freeze', leaving);
      doc.addEventListener('resume', resume);
      win.addEventListener('pagehide', leaving);
      win.addEventListener('pageshow', pageshow);
      return () => {
        doc.removeEventListener('visibilitychange', visibility);
        doc.removeEventListener('freeze', leaving);
        doc.removeEventListener('resume', resume);
        win.removeEventListener('pagehide', leaving);
        win.removeEventListener('pageshow', pageshow);
      };
    },
  };
}
