import type { Meta, StoryObj } from '@storybook/angular-vite';
import { RtPresenceIndicator } from 'ngx-realtime';

/** A fixed clock, so "Last seen …" reads the same on every load (and in screenshots). */
const NOW = Date.parse('2024-03-01T12:00:00Z');

const meta: Meta<RtPresenceIndicator> = {
  title: 'Components/Presence indicator',
  component: RtPresenceIndicator,
  tags: ['autodocs'],
  parameters: {
    docs: {
      description: {
        component:
          'A presence dot for avatars (online / away / busy / offline) with an accessible name, ' +
          'and with `showText` an "Active now" / "Last seen …" text from `presenceText()`. ' +
          'Pass a `UserPresence` from `PresenceRealtime`, or `status` and `lastSeen`. ' +
          'The `unknown` state renders nothing. Colours and size through `--rt-presence-indicator-*`.',
      },
    },
  },
  argTypes: {
    status: {
      control: 'select',
      options: ['online', 'away', 'busy', 'offline', 'unknown'],
      description: 'The state, when no `presence` is given.',
    },
    lastSeen: { control: 'date', description: 'When the user was last seen (with `status`).' },
    now: { control: 'date', description: 'The moment "Last seen" is measured from.' },
    showText: { control: 'boolean' },
    locale: { control: 'text', description: "Default: the app's LOCALE_ID." },
    activeNowText: { control: 'text' },
    timeStyle: { control: 'inline-radio', options: ['long', 'short', 'narrow'] },
    labels: { control: 'object' },
    presence: { control: false },
    lastSeenText: { control: false },
  },
  args: {
    status: 'online',
    lastSeen: NOW - 5 * 60_000,
    now: NOW,
    showText: false,
    timeStyle: 'long',
    labels: {},
  },
};

export default meta;
type Story = StoryObj<RtPresenceIndicator>;

/** A filled green dot, labelled "Online". */
export const Online: Story = {};

/** A filled amber dot, labelled "Away". */
export const Away: Story = { args: { status: 'away' } };

/** A red dot with a bar, labelled "Busy". */
export const Busy: Story = { args: { status: 'busy' } };

/** A hollow grey ring, labelled "Offline". */
export const Offline: Story = { args: { status: 'offline' } };

/** Nobody told us yet: nothing is rendered, so the avatar does not flash a wrong status. */
export const Unknown: Story = { args: { status: 'unknown', showText: true } };

/** Online and busy users are "Active now". */
export const ActiveNowText: Story = { args: { status: 'online', showText: true } };

/** Away and offline users show when they were last seen. */
export const LastSeenText: Story = { args: { status: 'offline', showText: true } };

/** German through the `locale` input (the app's LOCALE_ID by default). */
export const German: Story = {
  args: { status: 'away', showText: true, locale: 'de', labels: { away: 'Abwesend' } },
};

/** Over the corner of an avatar: the white ring separates it from the picture. */
export const OnAnAvatar: Story = {
  render: (args) => ({
    props: args,
    template: `
      <span style="position: relative; display: inline-block; width: 40px; height: 40px;">
        <span style="display: block; width: 40px; height: 40px; border-radius: 50%; background: #5c6bc0;"></span>
        <rt-presence-indicator
          style="position: absolute; right: 1px; bottom: 1px;"
          [status]="status"
          [lastSeen]="lastSeen"
          [now]="now"
          [labels]="labels"
        />
      </span>
    `,
  }),
};
