import type { ApplicationRef } from '@angular/core';
import { newPostsText, typingText } from 'ngx-realtime';

/** The final state a correct page shows (from the sender, see ../messages.mjs). */
export interface ExpectedState {
  readonly notifications: number;
  readonly posts: number;
  readonly typing: readonly string[];
  /** Events sent: the window ends once they all arrived and the figures show. */
  readonly messages: number;
}

/** What the page measured over one window. */
export interface WindowResult {
  /** The page showed the expected state (the window ended on it, not on the timeout). */
  readonly done: boolean;
  readonly ms: number;
  readonly ticks: number;
  readonly frames: number;
  /** The most ticks between two animation frames, and how many frames had more than one. */
  readonly maxTicksPerFrame: number;
  readonly busyFrames: number;
  readonly messages: number;
  /** From the start of the window to the last message, and to the frame showing the end state. */
  readonly lastMessageMs: number;
  readonly longTasks: number;
  readonly longTaskMs: number;
  readonly dom: { readonly badge: string; readonly banner: string; readonly typing: string };
}

/** The page's measuring hooks, driven by run.mjs through `page.evaluate`. */
export interface BenchHarness {
  /** True once the app is bootstrapped and the tick counter is installed. */
  ready: boolean;
  /**
   * Starts a window: counters to zero; it ends at the first frame after every message arrived
   * that shows the `expected` figures.
   */
  begin(expected: ExpectedState): void;
  /** Resolves when the window ended (expected state shown) or after `timeoutMs`. */
  end(timeoutMs: number): Promise<WindowResult>;
}

declare global {
  interface Window {
    benchHarness?: BenchHarness;
  }
}

interface ZoneGlobal {
  Zone?: { root: { run<T>(fn: () => T): T } };
}

/** Runs `fn` outside every Angular zone (in zone.js's root zone when zone.js is loaded). */
function inRootZone<T>(fn: () => T): T {
  const zone = (globalThis as ZoneGlobal).Zone;
  return zone === undefined ? fn() : zone.root.run(fn);
}

// The components' own text elements (the banner's arrow and the typing dots are left out).
const BADGE = 'rt-notification-badge';
const BANNER = 'rt-new-posts-banner .rt-new-posts-banner__text';
const TYPING = 'rt-typing-indicator .rt-typing-indicator__text';

const text = (selector: string) => document.querySelector(selector)?.textContent?.trim() ?? '';
/** The text is as expected, or the component is not on the page (`?parts=`). */
const shows = (selector: string, expected: string, host: string) =>
  text(selector) === expected || document.querySelector(host) === null;

/**
 * Installs the counters before the app starts: every WebSocket message (a listener added in the
 * root zone, so it never triggers a zone.js tick itself), and then, once `appRef` exists,
 * every application tick (`ApplicationRef._tick`, which both the zone-less scheduler and the
 * zone.js `onMicrotaskEmpty` path call; `tick()` calls it too).
 */
export function installHarness(): (appRef: ApplicationRef) => void {
  let counting = false;
  let messages = 0;
  let lastMessageAt = 0;
  let ticks = 0;
  let ticksSinceFrame = 0;
  let maxTicksPerFrame = 0;
  let busyFrames = 0;
  const Native = window.WebSocket;
  window.WebSocket = class CountingWebSocket extends Native {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      inRootZone(() =>
        this.addEventListener('message', () => {
          if (!counting) return;
          messages++;
          lastMessageAt = performance.now();
        }),
      );
    }
  };

  let start = 0;
  let frames = 0;
  let longTasks = 0;
  let longTaskMs = 0;
  let finished: WindowResult | null = null;
  let observer: PerformanceObserver | null = null;
  const waiting: ((result: WindowResult) => void)[] = [];

  const finish = (done: boolean) => {
    if (!counting) return;
    counting = false;
    observer?.disconnect();
    const now = performance.now();
    finished = {
      done,
      ms: now - start,
      ticks,
      frames,
      maxTicksPerFrame,
      busyFrames,
      messages,
      lastMessageMs: lastMessageAt === 0 ? 0 : lastMessageAt - start,
      longTasks,
      longTaskMs,
      dom: {
        badge: text(BADGE),
        banner: text(BANNER),
        typing: text(TYPING),
      },
    };
    for (const resolve of waiting.splice(0)) resolve(finished);
  };

  const harness: BenchHarness = {
    ready: false,
    begin(expected) {
      const badge = String(expected.notifications);
      const banner = newPostsText(expected.posts);
      const typing = typingText(expected.typing);
      messages = 0;
      lastMessageAt = 0;
      ticks = 0;
      ticksSinceFrame = 0;
      maxTicksPerFrame = 0;
      busyFrames = 0;
      frames = 0;
      longTasks = 0;
      longTaskMs = 0;
      finished = null;
      start = performance.now();
      counting = true;
      inRootZone(() => {
        observer = new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) {
            longTasks++;
            longTaskMs += entry.duration;
          }
        });
        observer.observe({ type: 'longtask' });
        const frame = () => {
          if (!counting) return;
          frames++;
          maxTicksPerFrame = Math.max(maxTicksPerFrame, ticksSinceFrame);
          if (ticksSinceFrame > 1) busyFrames++;
          ticksSinceFrame = 0;
          // Three short text reads per frame: the same small cost for every variant.
          // All messages in and the final figures on screen (the typing line comes back to
          // the same text every few events, so the figures alone could end the window early).
          if (
            messages >= expected.messages &&
            shows(BADGE, badge, 'rt-notification-badge') &&
            shows(BANNER, banner, 'rt-new-posts-banner') &&
            shows(TYPING, typing, 'rt-typing-indicator')
          ) {
            finish(true);
            return;
          }
          requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      });
    },
    end(timeoutMs) {
      if (finished !== null) return Promise.resolve(finished);
      return new Promise((resolve) => {
        waiting.push(resolve);
        inRootZone(() => setTimeout(() => finish(false), timeoutMs));
      });
    },
  };
  window.benchHarness = harness;

  return (appRef) => {
    const counted = appRef as unknown as { _tick(): void };
    const tick = counted._tick.bind(appRef);
    counted._tick = () => {
      if (counting) {
        ticks++;
        ticksSinceFrame++;
      }
      tick();
    };
    harness.ready = true;
  };
}
