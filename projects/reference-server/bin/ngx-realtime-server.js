#!/usr/bin/env node
// Built by `npm run build:server` (tsc) at the workspace root.
require('../dist/main.js');
