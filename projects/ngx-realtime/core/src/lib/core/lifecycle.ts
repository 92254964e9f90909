/** Why the page asks for an immediate connectivity check. */
export type WakeReason = 'online' | 'visible' | 'pageshow';

/**
 * Signals that the network or the page came back: the engine then probes the link at once
 * instead of waiting out a heartbeat window or a backoff delay.
 */
export interface LifecycleSource {
  /** Starts listening; returns the function that stops. */
  listen(onWake: (reason: WakeReason) => void): () => void;
}

interface EventTargetLike {
  addEventListener(type: string, listener: () => void): void;
  removeEventListener(type: string, listener: () => void): void;
}

/**
 * `online` on window, `visibilitychange` to visible on document, and `pageshow` (a page
 * restored from the back/forward cache), where the platform has them; `null` elsewhere
 * (Node, workers without a document).
 */
export function browserLifecycle(): LifecycleSource | null {
  const target = globalThis as unknown as Partial<EventTargetLike> & {
    document?: EventTargetLike & { visibilityState?: string };
  };
  if (typeof target.addEventListener !== 'function' || target.document === undefined) return null;
  const win = target as EventTargetLike;
  const doc = target.document;
  return {
    listen(onWake) {
      const online = () => onWake('online');
      const pageshow = () => onWake('pageshow');
      const visibility = () => {
        if (doc.visibilityState === 'visible') onWake('visible');
      };
      win.addEventListener('online', online);
      win.addEventListener('pageshow', pageshow);
      doc.addEventListener('visibilitychange', visibility);
      return () => {
        win.removeEventListener('online', online);
        win.removeEventListener('pageshow', pageshow);
        doc.removeEventListener('visibilitychange', visibility);
      };
    },
  };
}
