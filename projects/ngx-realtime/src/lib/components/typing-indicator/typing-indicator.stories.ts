import type { Meta, StoryObj } from '@storybook/angular-vite';
import { RtTypingIndicator } from 'ngx-realtime';

const meta: Meta<RtTypingIndicator> = {
  title: 'Components/Typing indicator',
  component: RtTypingIndicator,
  tags: ['autodocs'],
  parameters: {
    docs: {
      description: {
        component:
          '"Jane is typing…", "Jane and Bob are typing…", "Jane and 3 others are typing…" ' +
          'after three animated dots (hidden from screen readers; still under ' +
          '`prefers-reduced-motion: reduce`). The host is a polite live region that stays in ' +
          'the page while nobody types. `users` takes names, `{ name }` objects or the ' +
          "messages feature's `TypingUser`; `formatText` translates the line. Themable " +
          'through `--rt-typing-indicator-*` custom properties.',
      },
    },
  },
  argTypes: {
    users: { control: 'object', description: 'Everyone typing, in order.' },
    formatText: { control: false, description: 'The line for the display names (i18n).' },
  },
  args: { users: ['Jane'] },
};

export default meta;
type Story = StoryObj<RtTypingIndicator>;

/** One person typing. */
export const OneTyping: Story = {};

/** Two people. */
export const TwoTyping: Story = { args: { users: ['Jane', 'Bob'] } };

/** Four people: the first and how many others. */
export const ManyTyping: Story = { args: { users: ['Jane', 'Bob', 'Ann', 'Eve'] } };

/** From `MessagesRealtime.typingUsers(id)()`: shown by `username`, else `userId`. */
export const FromTypingUsers: Story = {
  args: { users: [{ userId: 'u1', username: 'jane.doe' }, { userId: 'u2' }] },
};

/** Nobody typing: nothing visible, the live region stays (the frame below is empty). */
export const Nobody: Story = {
  args: { users: [] },
  render: (args) => ({
    props: args,
    template: `<p>Typing indicator with nobody typing: [<rt-typing-indicator [users]="users" />]</p>`,
  }),
};

/** Translated ("Jeanne et Bob écrivent…"). */
export const Translated: Story = {
  args: {
    users: ['Jeanne', 'Bob'],
    formatText: (names: readonly string[]) =>
      names.length === 1 ? `${names[0]} écrit…` : `${names.join(' et ')} écrivent…`,
  },
};

/** Restyled through its custom properties. */
export const Themed: Story = {
  args: { users: ['Jane', 'Bob'] },
  render: (args) => ({
    props: args,
    template: `<rt-typing-indicator
      [users]="users"
      style="--rt-typing-indicator-color: #1b5e20; --rt-typing-indicator-dot-size: 0.5rem; --rt-typing-indicator-font-style: italic"
    />`,
  }),
};
