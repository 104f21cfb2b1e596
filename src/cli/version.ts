import { readFileSync } from 'node:fs';

/** Set by the CLI bundle (scripts/bundle-cli.mjs), whose location says nothing about package.json's. */
declare const __SCIM_CONFORMANCE_VERSION__: string | undefined;

/** The package version, read once from package.json (or built into the CLI bundle). */
export const TOOL_VERSION: string = (() => {
  if (typeof __SCIM_CONFORMANCE_VERSION__ === 'string') return __SCIM_CONFORMANCE_VERSION__;
  try {
    const url = new URL('../../../package.json', import.meta.url);
    let pkg: { version?: string };
    try {
      pkg = JSON.parse(readFileSync(url, 'utf8')) as { version?: string };
    } catch {
      pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    }
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
})();
