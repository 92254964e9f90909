import type { Meta, StoryObj } from '@storybook/angular-vite';
import { fn } from 'storybook/test';
import { RtMessageStatus } from 'ngx-realtime';

const meta: Meta<RtMessageStatus> = {
  title: 'Components/Message status',
  component: RtMessageStatus,
  tags: ['autodocs'],
  parameters: {
    docs: {
      description: {
        component:
          'The delivery mark of a chat message (`ChatMessage.status`): a clock while sending, ' +
          'one tick when sent, two ticks when delivered, two coloured ticks when read, a ' +
          'warning mark when the send failed. Inline SVG with an accessible name; with ' +
          '`retryable`, a failed mark is a button that emits `retry`. Colours and size through ' +
          '`--rt-message-status-*`.',
      },
    },
  },
  argTypes: {
    status: {
      control: 'select',
      options: ['sending', 'sent', 'delivered', 'read', 'failed'],
    },
    labels: { control: 'object' },
    retryable: { control: 'boolean' },
    retryLabel: { control: 'text' },
  },
  args: { status: 'sent', labels: {}, retryable: false, retry: fn() },
};

export default meta;
type Story = StoryObj<RtMessageStatus>;

/** A clock: the message is on its way (the hand turns unless reduced motion is preferred). */
export const Sending: Story = { args: { status: 'sending' } };

/** One tick: the server acknowledged the message. */
export const Sent: Story = {};

/** Two ticks: the message reached the recipient. */
export const Delivered: Story = { args: { status: 'delivered' } };

/** Two coloured ticks: the recipient read it. */
export const Read: Story = { args: { status: 'read' } };

/** A warning mark: the send failed. */
export const Failed: Story = { args: { status: 'failed' } };

/** A failed mark as a button that emits `retry`. */
export const FailedRetryable: Story = { args: { status: 'failed', retryable: true } };

/** Beside a message's time, as in a chat bubble. */
export const InABubble: Story = {
  args: { status: 'read' },
  render: (args) => ({
    props: args,
    template: `
      <p style="display: inline-flex; gap: 6px; align-items: center; padding: 6px 10px; border-radius: 12px; background: #e3f2fd; font: 14px system-ui, sans-serif;">
        See you at eight!
        <small style="color: #424242;">20:14</small>
        <rt-message-status [status]="status" [retryable]="retryable" (retry)="retry()" />
      </p>
    `,
  }),
};
