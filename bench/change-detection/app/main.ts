/**
 * The change-detection benchmark page (issue 8; run by ../run.mjs). One build per change
 * detection mode: the `zone` build loads zone.js as a polyfill and the app then uses
 * `provideZoneChangeDetection`, the `zoneless` build has no zone.js and uses
 * `provideZonelessChangeDetection`. The query string picks the rest:
 *
 * - `app=ngx` (default): ngx-realtime (`provideRealtime` with notifications, feed, messages);
 *   `app=naive`: the hand-written Subject-per-message service;
 * - `ws=<url>`: the sender's WebSocket URL;
 * - `coalescing=off` (zone build only): without zone event coalescing.
 */
import {
  provideZoneChangeDetection,
  provideZonelessChangeDetection,
  type ApplicationRef,
  type EnvironmentProviders,
} from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { provideRealtime, withFeed, withMessages, withNotifications } from 'ngx-realtime';
import { installHarness } from './harness';
import { NaiveApp } from './naive-app';
import { NAIVE_URL } from './naive-realtime';
import { NgxApp } from './ngx-app';

const params = new URLSearchParams(location.search);
const url = params.get('ws') ?? '';
const withZone = 'Zone' in globalThis;
const changeDetection: EnvironmentProviders = withZone
  ? // What `ng new` sets up for a zone.js app.
    provideZoneChangeDetection({ eventCoalescing: params.get('coalescing') !== 'off' })
  : provideZonelessChangeDetection();

// Before bootstrap: the harness wraps the WebSocket constructor the app will use.
const attach = installHarness();
const started: Promise<ApplicationRef> =
  params.get('app') === 'naive'
    ? bootstrapApplication(NaiveApp, {
        providers: [changeDetection, { provide: NAIVE_URL, useValue: url }],
      })
    : bootstrapApplication(NgxApp, {
        providers: [
          changeDetection,
          provideRealtime(
            { url, autoConnect: true },
            withNotifications(),
            withFeed(),
            withMessages(),
          ),
        ],
      });
started.then(attach, (error: unknown) => {
  document.body.dataset['benchError'] = String(error);
});
