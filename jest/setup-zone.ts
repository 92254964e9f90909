// Setup for the `zone` Jest project (*.zone.spec.ts): proves the library also works in zone.js apps.
import 'zone.js';
import 'zone.js/testing';
import { setupZoneTestEnv } from 'jest-preset-angular/setup-env/zone';

setupZoneTestEnv();
