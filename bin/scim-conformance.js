#!/usr/bin/env node
// Thin shim: the CLI is compiled to dist/ by `npm run build` (run by npm install/ci via "prepare").
import '../dist/src/cli/main.js';
