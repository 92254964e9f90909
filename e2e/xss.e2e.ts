import { randomUUID } from 'node:crypto';
import { control, expect, test, uniqueName } from './support/demo';
import { XSS_PAYLOADS } from './support/xss-payloads';

test.describe('XSS', () => {
  test('the CSP is strict: an injected inline handler is blocked and reported', async ({
    openAs,
  }) => {
    const alice = await openAs(uniqueName('alice'));
    // A canary, planted the way a sanitizer bypass would: proves both the policy and the
    // violation counting that the other tests rely on.
    await alice.page.evaluate(() => {
      const canary = document.createElement('div');
      canary.setAttribute('onclick', 'alert("canary")');
      document.body.append(canary);
      canary.click();
    });
    await expect.poll(() => alice.cspViolations()).toEqual([expect.stringMatching(/^script-src/)]);
    await alice.page.evaluate(() => {
      (window as unknown as { cspViolations: string[] }).cspViolations.length = 0;
    });
  });

  test(`${XSS_PAYLOADS.length} known payloads in notifications, messages and posts render as text`, async ({
    openAs,
  }) => {
    test.setTimeout(120_000);
    expect(XSS_PAYLOADS).toHaveLength(100);
    const conversation = uniqueName('chat');
    const alice = await openAs(uniqueName('alice'), { conversation });
    const mallory = await openAs(uniqueName('mallory'), { conversation });

    // Three ordered streams at once: notifications and posts from the backend, messages
    // typed by Mallory.
    const notify = async () => {
      for (const [index, payload] of XSS_PAYLOADS.entries()) {
        await control('publish', {
          user_id: alice.user,
          channel: 'notifications',
          type: 'notification',
          payload: { id: `xss-${index}`, type: 'mention', actor_name: payload, message: payload },
        });
      }
    };
    const post = async () => {
      for (const payload of XSS_PAYLOADS) {
        await control('publish', {
          channel: 'feed:updates',
          type: 'feed_update',
          except_user_id: mallory.user,
          payload: {
            type: 'new_post',
            post_id: `xss-post-${randomUUID()}`,
            user_id: mallory.user,
            username: payload,
            post: { text: payload },
          },
        });
      }
    };
    const chat = async () => {
      for (const payload of XSS_PAYLOADS) await mallory.send(payload);
    };
    await Promise.all([notify(), post(), chat()]);

    // Messages: every payload, verbatim, in order.
    await expect(alice.messages).toHaveText([...XSS_PAYLOADS], { useInnerText: false });

    // Notifications: the list holds the newest 100, newest first.
    await alice.expectUnread(100);
    await alice.bell.click();
    await expect(alice.page.getByTestId('notification-items').locator('.text')).toHaveText(
      [...XSS_PAYLOADS].reverse(),
      { useInnerText: false },
    );

    await alice.page.keyboard.press('Escape'); // closes the list

    // Posts: the banner loads the buffered newest 50 (authors are payloads too).
    await alice.banner.click();
    const shown = await alice.page.getByTestId('post-text').allTextContents();
    expect(shown.slice(0, 50)).toEqual([...XSS_PAYLOADS].reverse().slice(0, 50));

    // Nothing became markup: no element from a payload exists in the page.
    const injected = await alice.page.evaluate(
      () =>
        document.querySelectorAll(
          'main img, main svg:not([aria-hidden]), main iframe, main script, main object, main embed, main xss, main math, main details, main video, main audio, main marquee',
        ).length,
    );
    expect(injected).toBe(0);
    // No dialog, no page error and no CSP violation: checked for both windows after the test.
  });
});
