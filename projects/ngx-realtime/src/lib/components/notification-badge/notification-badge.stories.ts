import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import type { Meta, StoryObj } from '@storybook/angular-vite';
import { RtNotificationBadge } from 'ngx-realtime';

/** Adds and clears notifications, to see the pulse on a rise and none on a fall. */
@Component({
  selector: 'rt-story-badge-pulse',
  imports: [RtNotificationBadge],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <p>Notifications <rt-notification-badge [count]="count()" /></p>
    <button type="button" (click)="count.set(count() + 1)">New notification</button>
    <button type="button" (click)="count.set(count() + 5)">5 at once</button>
    <button type="button" (click)="count.set(0)">Mark all as read</button>
  `,
})
class PulseDemoComponent {
  readonly count = signal(3);
}

const meta: Meta<RtNotificationBadge> = {
  title: 'Components/Notification badge',
  component: RtNotificationBadge,
  tags: ['autodocs'],
  parameters: {
    docs: {
      description: {
        component:
          'The unread count: "5", "99+" above `max`, hidden at 0 unless `showZero`. Its ' +
          'accessible name is "5 unread notifications" (`formatLabel` translates it). It ' +
          'pulses briefly when the count rises, not on the first render and not when it ' +
          'falls; `prefers-reduced-motion: reduce` turns the pulse off. Themable through ' +
          '`--rt-notification-badge-*` custom properties.',
      },
    },
  },
  argTypes: {
    count: { control: { type: 'number', min: 0 }, description: 'The unread count.' },
    max: { control: { type: 'number', min: 1 }, description: 'Largest count shown as is.' },
    showZero: { control: 'boolean', description: 'Show the badge at 0 too.' },
    formatLabel: { control: false, description: 'Accessible name for a count (i18n).' },
    formatCount: { control: false, description: 'Visible text for a count and the cap.' },
  },
  args: { count: 5, max: 99, showZero: false },
};

export default meta;
type Story = StoryObj<RtNotificationBadge>;

/** A few unread notifications. */
export const Default: Story = {};

/** One: the accessible name is singular ("1 unread notification"). */
export const One: Story = { args: { count: 1 } };

/** Above the cap: "99+", while the name keeps the real count ("150 unread notifications"). */
export const Capped: Story = { args: { count: 150 } };

/** A smaller cap: "9+". */
export const CustomCap: Story = { args: { count: 12, max: 9 } };

/** At 0 the badge is hidden (nothing to see in the frame below). */
export const Hidden: Story = {
  args: { count: 0 },
  render: (args) => ({
    props: args,
    template: `<p>Badge at 0: [<rt-notification-badge [count]="count" [max]="max" [showZero]="showZero" />]</p>`,
  }),
};

/** `showZero`: the badge stays at 0. */
export const ShowZero: Story = { args: { count: 0, showZero: true } };

/** Translated name ("3 notifications non lues"). */
export const Translated: Story = {
  args: {
    count: 3,
    formatLabel: (count: number) =>
      count === 1 ? '1 notification non lue' : `${count} notifications non lues`,
  },
};

/** Inside a bell button, restyled through its custom properties. */
export const InButtonThemed: Story = {
  args: { count: 7 },
  render: (args) => ({
    props: args,
    template: `
      <button type="button" style="position: relative; padding: 0.5rem 1rem; font: inherit">
        Notifications
        <rt-notification-badge
          [count]="count"
          [max]="max"
          [showZero]="showZero"
          style="--rt-notification-badge-background: #0b57d0; --rt-notification-badge-radius: 4px"
        />
      </button>
    `,
  }),
};

/** The pulse: add notifications (it pulses), clear them (it does not). */
export const Pulse: Story = {
  parameters: { controls: { disable: true } },
  render: () => ({
    moduleMetadata: { imports: [PulseDemoComponent] },
    template: `<rt-story-badge-pulse />`,
  }),
};
