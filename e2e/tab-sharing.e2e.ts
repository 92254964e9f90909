import type { Browser, BrowserContext, Page } from '@playwright/test';
import {
  control,
  DemoPage,
  expect,
  pushNotification,
  SERVER_URL,
  test,
  uniqueName,
} from './support/demo';

interface Connections {
  readonly connections: readonly { readonly open: boolean }[];
}

/** The sockets the reference server holds open for `user`. */
async function openConnections(user: string): Promise<number> {
  const { connections } = await control<Connections>(
    `connections?user_id=${encodeURIComponent(user)}`,
  );
  return connections.filter((connection) => connection.open).length;
}

/** The notification texts a tab lists, newest first. */
async function listed(demo: DemoPage): Promise<string[]> {
  const items = demo.page.getByTestId('notification-items').getByRole('listitem');
  return items.allTextContents();
}

/** What a tab's open list shows, newest first: "<text> read" or "<text> unread". */
async function readStates(demo: DemoPage): Promise<string[]> {
  const items = demo.page.getByTestId('notification-items').locator('li.notification');
  return items.evaluateAll((elements) =>
    elements.map((item) => {
      const text = item.querySelector('.text')?.textContent?.trim() ?? '';
      return `${text} ${item.classList.contains('unread') ? 'unread' : 'read'}`;
    }),
  );
}

/** Every tab shows `unread` on its badge and exactly `states` in its (open) list. */
async function expectEverywhere(
  tabs: readonly DemoPage[],
  unread: number,
  states: readonly string[],
): Promise<void> {
  for (const tab of tabs) {
    await tab.expectUnread(unread);
    await expect.poll(() => readStates(tab)).toEqual(states);
  }
}

/** Clicks "Mark as read" on the notification `text` in `tab`'s open list. */
async function markRead(tab: DemoPage, text: string): Promise<void> {
  const item = tab.page.getByTestId('notification-items').getByRole('listitem');
  await item.filter({ hasText: text }).getByRole('button', { name: 'Mark as read' }).click();
}

/** Three (or `count`) tabs of one person: one browser context, so one origin and one lock. */
async function openSharedTabs(
  browser: Browser,
  user: string,
  count = 3,
): Promise<{ context: BrowserContext; tabs: DemoPage[]; errors: string[] }> {
  const context = await browser.newContext();
  const tabs: DemoPage[] = [];
  const errors: string[] = [];
  for (let i = 0; i < count; i++) {
    const page: Page = await context.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    const params = new URLSearchParams({ user, server: SERVER_URL, tabs: 'share' });
    await page.goto(`/?${params}`);
    const demo = new DemoPage(page, user);
    await expect(demo.connection).toHaveAttribute('data-state', 'connected');
    tabs.push(demo);
  }
  return { context, tabs, errors };
}

test.describe('tab sharing (?tabs=share, withTabSharing())', () => {
  test('three tabs hold one connection; closing the leader loses and doubles nothing', async ({
    browser,
  }) => {
    const user = uniqueName('tabs');
    const { context, tabs, errors } = await openSharedTabs(browser, user);
    await expect.poll(() => openConnections(user)).toBe(1);

    await pushNotification(user, 'before 1');
    await pushNotification(user, 'before 2');
    for (const tab of tabs) await tab.expectUnread(2);

    // The first tab took the lock first: it leads. Close it and publish at once, while no
    // tab holds a socket, then again once the new leader is up.
    const [leader, ...rest] = tabs;
    await leader.page.close();
    await pushNotification(user, 'during');
    await expect.poll(() => openConnections(user)).toBe(1);
    await pushNotification(user, 'after');

    for (const tab of rest) {
      await tab.expectUnread(4);
      await expect(tab.connection).toHaveAttribute('data-state', 'connected');
      await tab.bell.click();
      await expect
        .poll(() => listed(tab))
        .toEqual([
          expect.stringContaining('after'),
          expect.stringContaining('during'),
          expect.stringContaining('before 2'),
          expect.stringContaining('before 1'),
        ]);
    }

    expect(await openConnections(user)).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('read marks and unread counts agree in every tab, also across a leader takeover', async ({
    browser,
  }) => {
    const user = uniqueName('tabs-read');
    const { context, tabs, errors } = await openSharedTabs(browser, user);
    await expect.poll(() => openConnections(user)).toBe(1);
    for (const tab of tabs) await tab.bell.click();
    const [leader, b, c] = tabs;

    // Created through the server's notification feature: the server counts them too.
    await pushNotification(user, 'first');
    await pushNotification(user, 'second');
    expect((await pushNotification(user, 'third')).unread_count).toBe(3);
    await expectEverywhere(tabs, 3, ['third unread', 'second unread', 'first unread']);

    // One read in tab B, all read in tab C (followers both: the leader took the lock first).
    await markRead(b, 'first');
    await expectEverywhere(tabs, 2, ['third unread', 'second unread', 'first read']);
    await c.page.getByRole('button', { name: 'Mark all as read' }).click();
    await expectEverywhere(tabs, 0, ['third read', 'second read', 'first read']);

    // The leader closes; one notification arrives while no tab holds a socket. The server's
    // count says it took every read mark.
    await leader.page.close();
    expect((await pushNotification(user, 'fourth')).unread_count).toBe(1);
    await expect.poll(() => openConnections(user)).toBe(1);
    expect((await pushNotification(user, 'fifth')).unread_count).toBe(2);
    const rest = [b, c];
    const older = ['third read', 'second read', 'first read'];
    await expectEverywhere(rest, 2, ['fifth unread', 'fourth unread', ...older]);

    // Under the new leader (whichever of B and C it is), the same both ways round.
    await markRead(c, 'fourth');
    await expectEverywhere(rest, 1, ['fifth unread', 'fourth read', ...older]);
    await b.page.getByRole('button', { name: 'Mark all as read' }).click();
    await expectEverywhere(rest, 0, ['fifth read', 'fourth read', ...older]);
    expect((await pushNotification(user, 'sixth')).unread_count).toBe(1);
    await expectEverywhere(rest, 1, ['sixth unread', 'fifth read', 'fourth read', ...older]);

    expect(await openConnections(user)).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });
});
