// Loaded with `node --import` into a CLI subprocess by the hostile-target catalogue: at exit,
// writes the process's peak resident set size (KiB) to $SCIM_CONFORMANCE_RSS_FILE. Test-only.
import { writeFileSync } from 'node:fs';

const file = process.env.SCIM_CONFORMANCE_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
