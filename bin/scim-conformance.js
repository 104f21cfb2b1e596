#!/usr/bin/env node
// Thin shim: the CLI is one bundled file, built by `npm run build` (scripts/bundle-cli.mjs; run by
// npm install/ci and npm pack via "prepare"). The library entry for `import` is dist/src (tsc).
import '../dist/cli/scim-conformance.mjs';
