import { expect, pushNotification, test, uniqueName } from './support/demo';

test.describe('notifications', () => {
  test('the badge rises when the server pushes, and "mark all as read" clears it', async ({
    openAs,
  }) => {
    const alice = await openAs(uniqueName('alice'));
    await alice.expectUnread(0);

    await pushNotification(alice.user, 'Bob liked your post');
    await alice.expectUnread(1);

    await pushNotification(alice.user, 'Carol mentioned you');
    await alice.expectUnread(2);

    await alice.bell.click();
    const list = alice.page.getByTestId('notification-items');
    await expect(list.getByRole('listitem')).toHaveText([
      /Carol mentioned you/,
      /Bob liked your post/,
    ]);

    await alice.page.getByRole('button', { name: 'Mark all as read' }).click();
    await alice.expectUnread(0);
    await expect(list.getByRole('button', { name: 'Mark as read' })).toHaveCount(0);
  });
});
