import { expect, test, uniqueName } from './support/demo';

test.describe('conversation', () => {
  test('user B sees user A typing, and the indicator disappears after A stops', async ({
    openAs,
  }) => {
    const conversation = uniqueName('chat');
    const alice = await openAs(uniqueName('alice'), { conversation });
    const bob = await openAs(uniqueName('bob'), { conversation });

    await expect(bob.typing).toHaveText('');
    // Keystrokes, then nothing: the library sends typing_stop after 3 s without input.
    await alice.messageInput.pressSequentially('Hello Bo', { delay: 30 });
    await expect(bob.typing).toHaveText(`${alice.user} is typing…`);
    await expect(bob.typing).toHaveText('', { timeout: 10_000 });
    // The typist never sees themselves.
    await expect(alice.typing).toHaveText('');
  });

  test('read ticks move to read once the other user has the conversation open', async ({
    openAs,
  }) => {
    const conversation = uniqueName('chat');
    const [aliceName, bobName] = [uniqueName('alice'), uniqueName('bob')];
    const alice = await openAs(aliceName, { conversation, peers: [bobName] });
    const bob = await openAs(bobName, { conversation });

    await alice.send('Did you see the release notes?');
    const tick = alice.page.getByTestId('message-status');
    await expect(tick).toHaveCount(1);
    await expect(bob.messages).toHaveText(['Did you see the release notes?']);
    // Bob's visible tab marks it read; the batched receipt reaches Alice.
    await expect(tick).toHaveAttribute('data-status', 'read');
    await expect(tick.getByRole('img', { name: 'Read' })).toBeVisible();

    // Bob, named in Alice's URL, shows as online next to the conversation.
    await expect(
      alice.page.getByTestId('people').locator(`[data-user="${bob.user}"]`),
    ).toHaveAttribute('data-presence', 'online');
  });
});
