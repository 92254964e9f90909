import { expect, test, uniqueName } from './support/demo';

test.describe('feed', () => {
  test('the new-posts banner appears, loads the posts, and counts stay live', async ({
    openAs,
  }) => {
    const alice = await openAs(uniqueName('alice'));
    const bob = await openAs(uniqueName('bob'));
    await expect(alice.banner).toBeHidden();

    await bob.page.getByTestId('post-input').fill('First post from Bob');
    await bob.page.getByRole('button', { name: 'Post', exact: true }).click();
    await bob.page.getByTestId('post-input').fill('Second post from Bob');
    await bob.page.getByRole('button', { name: 'Post', exact: true }).click();
    // The author gets no banner for their own posts.
    await expect(bob.posts.first()).toContainText('Second post from Bob');
    await expect(bob.banner).toBeHidden();

    await expect(alice.banner).toHaveAccessibleName('2 new posts');
    await alice.banner.click();
    await expect(alice.banner).toBeHidden();
    await expect(alice.page.getByTestId('post-text')).toHaveText([
      'Second post from Bob',
      'First post from Bob',
      /Welcome/,
    ]);

    // A like from Alice moves the count in both windows.
    const post = (page: typeof alice.page) =>
      page.getByTestId('posts').getByRole('listitem').filter({ hasText: 'First post from Bob' });
    await post(alice.page).getByRole('button', { name: 'Like' }).click();
    await expect(post(alice.page).getByTestId('likes')).toHaveText('1 likes');
    await expect(post(bob.page).getByTestId('likes')).toHaveText('1 likes');
  });
});
