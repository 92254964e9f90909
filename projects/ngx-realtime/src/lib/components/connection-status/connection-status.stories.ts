import type { Meta, StoryObj } from '@storybook/angular-vite';
import { fn } from 'storybook/test';
import { RtConnectionStatus } from 'ngx-realtime';

const meta: Meta<RtConnectionStatus> = {
  title: 'Components/Connection status',
  component: RtConnectionStatus,
  tags: ['autodocs'],
  parameters: {
    docs: {
      description: {
        component:
          'The connection state in words (`WebSocketService.status()`), with a "Reconnecting ' +
          'in 4 s…" countdown to `stats().nextRetryAt` and a Retry button while reconnecting, ' +
          'disconnected or unauthorized. State changes are announced politely; the countdown ' +
          'seconds are not. Colours through `--rt-connection-status-*`.',
      },
    },
  },
  argTypes: {
    status: {
      control: 'select',
      options: [
        'connected',
        'connecting',
        'reconnecting',
        'polling',
        'unauthorized',
        'disconnected',
      ],
    },
    nextRetryAt: { control: 'date', description: 'Epoch ms of the next attempt.' },
    hideWhenConnected: { control: 'boolean' },
    texts: { control: false },
  },
  args: { status: 'connected', nextRetryAt: null, hideWhenConnected: false, retry: fn() },
};

export default meta;
type Story = StoryObj<RtConnectionStatus>;

/** The socket is open. */
export const Connected: Story = {};

/** The first attempt after `connect()`. */
export const Connecting: Story = { args: { status: 'connecting' } };

/** Waiting for the next attempt: counts down to `nextRetryAt` (set 5 s after each render). */
export const ReconnectingCountdown: Story = {
  args: { status: 'reconnecting' },
  render: (args) => ({ props: { ...args, nextRetryAt: Date.now() + 5_000 } }),
};

/** An attempt is under way (no `nextRetryAt`, or its time has come). */
export const Reconnecting: Story = { args: { status: 'reconnecting' } };

/** The WebSocket is unreachable; events arrive over HTTP long polling. */
export const Polling: Story = { args: { status: 'polling' } };

/** The server refused the token; Retry reconnects with a fresh one. */
export const Unauthorized: Story = { args: { status: 'unauthorized' } };

/** Not connected and not trying. */
export const Disconnected: Story = { args: { status: 'disconnected' } };

/** With `hideWhenConnected`, nothing shows while all is well (the live region stays). */
export const HiddenWhenConnected: Story = { args: { hideWhenConnected: true } };

/** Every text replaced through the `texts` input (here German). */
export const German: Story = {
  args: {
    status: 'reconnecting',
    texts: {
      connected: 'Verbunden',
      connecting: 'Verbinde…',
      reconnecting: (s: number | null) =>
        s === null ? 'Neuer Versuch…' : `Neuer Versuch in ${s} s…`,
      polling: 'Offline, per Polling',
      unauthorized: 'Nicht angemeldet',
      disconnected: 'Getrennt',
      retry: 'Erneut versuchen',
    },
  },
  render: (args) => ({ props: { ...args, nextRetryAt: Date.now() + 5_000 } }),
};
