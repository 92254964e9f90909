import { control, expect, pushNotification, test, uniqueName } from './support/demo';

test.describe('resilience', () => {
  test('after a server-side kill the status shows reconnecting, then connected, and nothing is lost', async ({
    openAs,
  }) => {
    const conversation = uniqueName('chat');
    const alice = await openAs(uniqueName('alice'), { conversation });
    const bob = await openAs(uniqueName('bob'), { conversation });
    await alice.send('before the kill');
    await expect(bob.messages).toHaveText(['before the kill']);

    const logged = (await alice.statusLog()).length;
    await alice.page.getByTestId('kill').click();
    // Events produced while Alice's socket is down or coming back.
    await Promise.all([
      pushNotification(alice.user, 'during the outage 1'),
      pushNotification(alice.user, 'during the outage 2'),
      bob.send('while you were away 1'),
    ]);
    await bob.send('while you were away 2');

    await expect
      .poll(async () => (await alice.statusLog()).slice(logged))
      .toEqual(['reconnecting', 'connected']);
    await expect(alice.connection).toHaveAttribute('data-state', 'connected');
    await expect(alice.connection).toContainText('Connected');

    // Every message exactly once, in order; every notification counted.
    await expect(alice.messages).toHaveText([
      'before the kill',
      'while you were away 1',
      'while you were away 2',
    ]);
    await alice.expectUnread(2);
  });

  test('with WebSocket upgrades refused the demo keeps working over polling', async ({
    openAs,
  }) => {
    const conversation = uniqueName('chat');
    const alice = await openAs(uniqueName('alice'), { conversation });
    const bob = await openAs(uniqueName('bob'), { conversation });
    try {
      // Refuses every upgrade and drops Alice's socket; Bob's open socket stays.
      await alice.page.getByTestId('force-polling').click();
      await expect(alice.connection).toHaveAttribute('data-state', 'polling', { timeout: 30_000 });
      await expect(alice.connection).toContainText('Offline, using polling');
      await expect(alice.page.getByTestId('transport')).toHaveText('polling');

      // Receiving over long polling.
      await pushNotification(alice.user, 'over polling');
      await alice.expectUnread(1);
      await bob.send('hello over polling');
      await expect(alice.messages).toHaveText(['hello over polling']);

      // Sending over HTTP (/send): acknowledged, delivered to Bob's WebSocket.
      await alice.send('answer over polling');
      await expect(bob.messages).toHaveText(['hello over polling', 'answer over polling']);
      await expect(alice.page.getByTestId('message-status')).not.toHaveAttribute(
        'data-status',
        /sending|failed/,
      );

      // WebSockets allowed again: a background probe takes over.
      await alice.page.getByTestId('allow-websocket').click();
      await expect(alice.connection).toHaveAttribute('data-state', 'connected', {
        timeout: 30_000,
      });
    } finally {
      await control('upgrades', { refuse: false });
    }
  });
});
