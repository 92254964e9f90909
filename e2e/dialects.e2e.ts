import { expect, test, uniqueName, type DemoPage, type OpenOptions } from './support/demo';
import { startDialectServer, type Dialect, type DialectServer } from './support/dialect-server';

/**
 * The demo on the two other dialects (docs/protocols.md): `withProtocol(chatApiProtocol())`
 * and `withProtocol(listingsProtocol())` against a reference server started with that
 * `dialect`, two users in two browser contexts. Page errors, dialogs and CSP violations are
 * checked after every test by the `openAs` fixture.
 */

/** Listings ids are numbers on the wire; fresh ones per test keep tests apart. */
let lastId = 100;
function numericId(): string {
  return String(++lastId);
}

for (const dialect of ['chat-api', 'listings'] as const satisfies readonly Dialect[]) {
  test.describe(`${dialect} dialect`, () => {
    let server: DialectServer;
    test.beforeAll(async () => {
      server = await startDialectServer(dialect);
    });
    test.afterAll(async () => {
      await server?.stop();
    });

    /** Two fresh users and their conversation, with both as members (dialects route by member). */
    async function chatOfTwo(): Promise<{ a: string; b: string; conversation: string }> {
      const fresh = (prefix: string) => (dialect === 'listings' ? numericId() : uniqueName(prefix));
      const [a, b, conversation] = [fresh('alice'), fresh('bob'), fresh('chat')];
      await server.control('conversations', { conversation_id: conversation, members: [a, b] });
      return { a, b, conversation };
    }

    const on = (conversation: string, extra: OpenOptions = {}): OpenOptions => ({
      conversation,
      server: server.url,
      dialect,
      ...extra,
    });

    test('B sees A typing, and the indicator disappears after A stops', async ({ openAs }) => {
      const { a, b, conversation } = await chatOfTwo();
      const alice = await openAs(a, on(conversation));
      const bob = await openAs(b, on(conversation));

      await expect(bob.typing).toHaveText('');
      // Keystrokes, then nothing: the library sends the dialect's typing stop after 3 s.
      await alice.messageInput.pressSequentially('Hello Bo', { delay: 30 });
      await expect(bob.typing).toHaveText(`${a} is typing…`);
      await expect(bob.typing).toHaveText('', { timeout: 10_000 });
      await expect(alice.typing).toHaveText('');
    });

    test('a message from A reaches B once, and B reading it moves A’s tick to read', async ({
      openAs,
    }) => {
      const { a, b, conversation } = await chatOfTwo();
      const alice = await openAs(a, on(conversation));
      const bob = await openAs(b, on(conversation));

      // Chat API: message.send / message.sent; Listings: the stand-in REST API, then new_message.
      await alice.send('Is the bike still for sale?');
      await expect(bob.messages).toHaveText(['Is the bike still for sale?']);
      // Listed once for A too: the socket's echo is matched to the send, not added again.
      await expect(alice.messages).toHaveText(['Is the bike still for sale?']);
      // Bob's visible tab marks it read (Chat API: message.read → message.read_update;
      // Listings: mark_read → message_read).
      const tick = alice.page.getByTestId('message-status');
      await expect(tick).toHaveCount(1);
      await expect(tick).toHaveAttribute('data-status', 'read');
      await expect(tick.getByRole('img', { name: 'Read' })).toBeVisible();
    });

    test('the page shows only what the dialect has', async ({ openAs }) => {
      const { a, conversation } = await chatOfTwo();
      const alice = await openAs(a, on(conversation));

      await expect(alice.page.getByTestId('dialect')).toHaveText(`${dialect} dialect`);
      // No notifications, feed or polling in either dialect: hidden, not broken.
      await expect(alice.bell).toHaveCount(0);
      await expect(alice.page.getByTestId('posts')).toHaveCount(0);
      await expect(alice.page.getByTestId('force-polling')).toHaveCount(0);
      await expect(alice.page.getByTestId('dialect-limits')).toBeVisible();
      await expect(alice.page.getByTestId('transport')).toHaveText('websocket');
    });

    if (dialect === 'chat-api') {
      test('B sees A come online (user.online)', async ({ openAs }) => {
        const { a, b, conversation } = await chatOfTwo();
        // B first: the server tells B when A connects (the status.bulk a later socket gets
        // is not read by PresenceRealtime).
        const bob = await openAs(b, on(conversation, { peers: [a] }));
        await expect(presenceOf(bob, a)).toHaveAttribute('data-presence', 'unknown');
        await openAs(a, on(conversation));
        await expect(presenceOf(bob, a)).toHaveAttribute('data-presence', 'online');
        await expect(presenceOf(bob, a).locator('rt-presence-indicator')).toContainText(
          'Active now',
        );
      });
    } else {
      test('no presence: B shows A as unknown (nothing) while they chat', async ({ openAs }) => {
        const { a, b, conversation } = await chatOfTwo();
        const bob = await openAs(b, on(conversation, { peers: [a] }));
        const alice = await openAs(a, on(conversation));
        // A is demonstrably connected and talking to B, yet no status ever arrives.
        await alice.send('Hi!');
        await expect(bob.messages).toHaveText(['Hi!']);
        await expect(presenceOf(bob, a)).toHaveAttribute('data-presence', 'unknown');
        await expect(presenceOf(bob, a).locator('rt-presence-indicator')).toBeHidden();
        await expect(bob.page.getByTestId('presence-unavailable')).toBeVisible();
      });
    }
  });
}

/** The entry of `user` in the viewer's list of people in the conversation. */
function presenceOf(viewer: DemoPage, user: string) {
  return viewer.page.getByTestId('people').locator(`[data-user="${user}"]`);
}
