import { ChangeDetectionStrategy, Component } from '@angular/core';

/**
 * Sign-in as any demo user: a plain GET form that reloads the page with `?user=…` (the
 * other URL parameters are kept as hidden fields), so every window is one user.
 */
@Component({
  selector: 'demo-login',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form class="card sign-in" method="get" action="">
      <h1>ngx-realtime demo</h1>
      <p>
        Sign in as any name: the reference server hands out a development token for it. Open a
        second window as someone else to chat, type and read with yourself.
      </p>
      <label for="user">User name</label>
      <input
        id="user"
        name="user"
        required
        pattern="[A-Za-z0-9_\\-]{1,64}"
        autocomplete="username"
        value="alice"
      />
      @for (field of kept; track field.name) {
        <input type="hidden" [name]="field.name" [value]="field.value" />
      }
      <button type="submit">Sign in</button>
    </form>
  `,
})
export class Login {
  /** URL parameters other than the user (server, conversation, peers). */
  protected readonly kept = [...new URLSearchParams(location.search)]
    .filter(([name]) => name !== 'user')
    .map(([name, value]) => ({ name, value }));
}
