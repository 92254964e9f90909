import { expect, pushNotification, test, uniqueName } from './support/demo';
import { seriousViolations } from './support/axe';

test.describe('accessibility (axe-core)', () => {
  test('the sign-in page has no serious or critical violations', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('the live page, with every component showing, has no serious or critical violations', async ({
    openAs,
  }) => {
    const conversation = uniqueName('chat');
    const [aliceName, bobName] = [uniqueName('alice'), uniqueName('bob')];
    const alice = await openAs(aliceName, { conversation, peers: [bobName] });
    const bob = await openAs(bobName, { conversation });

    // Every component in a visible state: badge, ticks, presence, typing, banner, status.
    await pushNotification(alice.user, 'Bob liked your post');
    await alice.expectUnread(1);
    await alice.send('Hello Bob');
    await expect(alice.page.getByTestId('message-status')).toHaveAttribute('data-status', 'read');
    await bob.page.getByTestId('post-input').fill('A post for the banner');
    await bob.page.getByRole('button', { name: 'Post', exact: true }).click();
    await expect(alice.banner).toBeVisible();
    await bob.messageInput.pressSequentially('typing', { delay: 20 });
    await expect(alice.typing).toContainText('is typing');
    await alice.bell.click();
    await expect(alice.page.getByTestId('notification-items')).toBeVisible();

    expect(await seriousViolations(alice.page)).toEqual([]);
  });
});
