import { bootstrapApplication } from '@angular/platform-browser';
import { App } from './app/app';
import { demoConfig } from './app/app.config';
import { readDemoSettings } from './app/demo-settings';

bootstrapApplication(App, demoConfig(readDemoSettings(location.search))).catch((error: unknown) =>
  // The page would stay blank otherwise; there is no app yet to show it in.
  console.error(error),
);
