import { test as base, expect, type Browser, type Locator, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';

/** The reference server the config started (set by playwright.config.ts). */
export const SERVER_URL = process.env['E2E_SERVER_URL'] ?? 'http://127.0.0.1:8082';

/** A user or conversation name no other test uses (the server keeps state between tests). */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** Calls the reference server's test-control API (docs/reference-server.md). */
export async function control<T = unknown>(
  path: string,
  body?: Record<string, unknown>,
): Promise<T> {
  const response = await fetch(`${SERVER_URL}/api/v1/control/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? undefined : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`control ${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

/** A notification as the server sent it (its own unread count included). */
export interface PushedNotification {
  readonly id: string;
  readonly message: string;
  readonly unread_count: number;
}

/**
 * Pushes a notification to a user, as the backend would: through the server's notification
 * feature (`POST notifications`), so the server counts it as unread and echoes read marks.
 */
export async function pushNotification(
  userId: string,
  message: string,
): Promise<PushedNotification> {
  const { notification } = await control<{ notification: PushedNotification }>('notifications', {
    user_id: userId,
    id: randomUUID(),
    type: 'mention',
    message,
    created_at: new Date().toISOString(),
  });
  return notification;
}

/** The demo page of one signed-in user, with the locators the tests read. */
export class DemoPage {
  readonly connection: Locator;
  readonly bell: Locator;
  readonly badge: Locator;
  readonly typing: Locator;
  readonly messages: Locator;
  readonly messageInput: Locator;
  readonly banner: Locator;
  readonly posts: Locator;
  /** Uncaught errors in the page. */
  readonly pageErrors: string[] = [];
  /** alert / confirm / prompt dialogs the page opened (an injected script would). */
  readonly dialogs: string[] = [];

  constructor(
    readonly page: Page,
    readonly user: string,
  ) {
    this.connection = page.getByTestId('connection-status');
    this.bell = page.getByTestId('notifications-button');
    this.badge = page.getByTestId('notification-badge');
    this.typing = page.getByTestId('typing-indicator');
    this.messages = page.getByTestId('messages').getByTestId('message-content');
    this.messageInput = page.getByTestId('message-input');
    this.banner = page.getByTestId('new-posts-banner').getByRole('button');
    this.posts = page.getByTestId('posts').getByRole('listitem');
  }

  /** Content-Security-Policy violations reported in the page so far. */
  cspViolations(): Promise<string[]> {
    return this.page.evaluate(
      () => (window as unknown as { cspViolations?: string[] }).cspViolations ?? [],
    );
  }

  /** Waits until the bell shows `count` unread notifications, to eyes and to screen readers. */
  async expectUnread(count: number): Promise<void> {
    if (count === 0) {
      await expect(this.bell).toHaveAccessibleName('Notifications');
      await expect(this.badge).toBeHidden();
      return;
    }
    const label = `${count} unread notification${count === 1 ? '' : 's'}`;
    await expect(this.bell).toHaveAccessibleName(`Notifications ${label}`);
    // The badge caps at 99 ("99+"); its accessible name keeps the real count.
    await expect(this.badge).toHaveText(count > 99 ? '99+' : String(count));
  }

  /** Sends a chat message through the composer. */
  async send(text: string): Promise<void> {
    await this.messageInput.fill(text);
    await this.messageInput.press('Enter');
  }

  /** The connection states logged so far, oldest first. */
  async statusLog(): Promise<string[]> {
    const lines = await this.page
      .getByTestId('connection-log')
      .locator('li[data-kind="status"]')
      .allTextContents();
    // Each line is "HH:mm:ss.SSS state".
    return lines.map((line) => line.trim().split(/\s+/).pop() ?? '');
  }
}

/**
 * Opens the demo as `user` in a fresh browser context (its own storage: a second window of
 * another person) and waits until the connection is up.
 */
export async function openDemo(
  browser: Browser,
  user: string,
  options: OpenOptions = {},
): Promise<DemoPage> {
  const context = await browser.newContext();
  // The demo is served under a strict CSP: any violation means something tried to inject
  // markup, a script or a style the policy does not allow.
  await context.addInitScript(() => {
    const violations: string[] = [];
    Object.assign(window, { cspViolations: violations });
    document.addEventListener('securitypolicyviolation', (event) =>
      violations.push(`${event.violatedDirective} ${event.blockedURI}`),
    );
  });
  const page = await context.newPage();
  const params = new URLSearchParams({ user, server: options.server ?? SERVER_URL });
  if (options.dialect !== undefined) params.set('dialect', options.dialect);
  if (options.conversation !== undefined) params.set('conversation', options.conversation);
  if (options.peers !== undefined) params.set('peers', options.peers.join(','));
  await page.goto(`/?${params}`);
  const demo = new DemoPage(page, user);
  page.on('pageerror', (error) => demo.pageErrors.push(error.message));
  page.on('dialog', (dialog) => {
    demo.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await expect(demo.connection).toHaveAttribute('data-state', 'connected');
  return demo;
}

/** Options of {@link openDemo}. */
export interface OpenOptions {
  /** The conversation to chat in (default: the demo's `lobby`). */
  readonly conversation?: string;
  /** People whose presence the conversation shows from the start. */
  readonly peers?: readonly string[];
  /** Another reference server's HTTP origin (default: the one the config started). */
  readonly server?: string;
  /** What that server's WebSocket speaks, when not SocialHub (the demo's `?dialect=`). */
  readonly dialect?: 'chat-api' | 'listings';
}

/**
 * `test` with an `openAs(user, options)` fixture: every user gets a browser context of
 * their own (a second window of another person), closed after the test.
 */
export const test = base.extend<{
  openAs: (user: string, options?: OpenOptions) => Promise<DemoPage>;
}>({
  openAs: async ({ browser }, use) => {
    const opened: DemoPage[] = [];
    await use(async (user, options) => {
      const demo = await openDemo(browser, user, options);
      opened.push(demo);
      return demo;
    });
    // Whatever a test did: no script errors, no dialogs, no CSP violations in any window.
    for (const demo of opened) {
      expect(demo.pageErrors, `page errors of ${demo.user}`).toEqual([]);
      expect(demo.dialogs, `dialogs opened for ${demo.user}`).toEqual([]);
      expect(await demo.cspViolations(), `CSP violations for ${demo.user}`).toEqual([]);
      await demo.page.context().close();
    }
  },
});

export { expect };
