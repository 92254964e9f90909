import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { PresenceRealtime, type OwnPresenceStatus } from 'ngx-realtime';

/** The status this window reports to others: automatic (online / away when hidden) or chosen. */
@Component({
  selector: 'demo-own-presence',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <label class="own-presence">
      <span>I am</span>
      <select [value]="presence.status()" (change)="choose($event)" data-testid="own-presence">
        <option value="online">online</option>
        <option value="away">away</option>
        <option value="busy">busy</option>
      </select>
    </label>
  `,
})
export class OwnPresence {
  protected readonly presence = inject(PresenceRealtime);

  protected choose(event: Event): void {
    this.presence.setStatus((event.target as HTMLSelectElement).value as OwnPresenceStatus);
  }
}
