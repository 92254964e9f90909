// Setup for the `unit` Jest project: Angular TestBed without zone.js (the library is zone-less first).
import { setupZonelessTestEnv } from 'jest-preset-angular/setup-env/zoneless';

setupZonelessTestEnv();
