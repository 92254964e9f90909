import type { ChatMessage, MessageStatus } from './chat-message';
import { furtherStatus, messageFromPayload } from './chat-message';
import { insertMessage, trim, updateMessage } from './message-list';

function message(key: string, second: number, status: MessageStatus = 'delivered'): ChatMessage {
  return {
    key,
    id: key,
    conversationId: 'c1',
    senderId: 'ann',
    content: key,
    createdAt: `2030-01-01T10:00:${String(second).padStart(2, '0')}Z`,
    mine: status === 'sending' || status === 'failed',
    status,
  };
}

const keys = (list: readonly ChatMessage[]) => list.map((entry) => entry.key);

describe('message lists', () => {
  it('insert in time order, arrival order for equal times, unsent ones last', () => {
    let list: readonly ChatMessage[] = [];
    for (const entry of [
      message('c', 3),
      message('pending', 0, 'sending'),
      message('a', 1),
      message('b1', 2),
      message('b2', 2),
      message('late', 9),
    ])
      list = insertMessage(list, entry, 10);
    expect(keys(list)).toEqual(['a', 'b1', 'b2', 'c', 'late', 'pending']);
  });

  it('sorts a message with an unreadable time after the others', () => {
    const list = insertMessage([message('a', 1)], { ...message('bad', 0), createdAt: 'never' }, 10);
    expect(keys(insertMessage(list, message('b', 2), 10))).toEqual(['a', 'b', 'bad']);
  });

  it('trims the oldest settled messages', () => {
    const list = [message('p', 0, 'failed'), message('a', 1), message('b', 2), message('c', 3)];
    expect(keys(trim(list, 2))).toEqual(['p', 'c']);
    expect(trim(list, 4)).toBe(list);
  });

  it('moves an updated message to its new time and leaves unknown keys alone', () => {
    const list = [message('x', 5, 'sending'), message('a', 1)].reverse();
    const updated = updateMessage(
      list,
      'x',
      (m) => ({ ...m, status: 'sent', createdAt: message('', 0).createdAt }),
      10,
    );
    expect(keys(updated)).toEqual(['x', 'a']);
    expect(updateMessage(list, 'nope', (m) => m, 10)).toBe(list);
  });

  it('never moves a status backwards', () => {
    expect(furtherStatus('read', 'delivered')).toBe('read');
    expect(furtherStatus('sent', 'delivered')).toBe('delivered');
    expect(furtherStatus('sending', 'sent')).toBe('sent');
  });

  it('reads payloads defensively', () => {
    expect(messageFromPayload(null, 'me')).toBeNull();
    expect(
      messageFromPayload(
        { id: 'm', conversation_id: 'c', sender_id: 's', content: 1, created_at: 'x' },
        'me',
      ),
    ).toBeNull();
    expect(
      messageFromPayload(
        {
          id: 'm',
          conversation_id: 'c',
          sender_id: 'me',
          content: '',
          created_at: 'x',
          is_read: false,
          sender: { name: 'no id' },
        },
        'me',
      ),
    ).toEqual({
      key: 'm',
      id: 'm',
      conversationId: 'c',
      senderId: 'me',
      content: '',
      createdAt: 'x',
      mine: true,
      status: 'sent',
    });
  });
});
