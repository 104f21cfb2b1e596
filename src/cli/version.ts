import { readFileSync } from 'node:fs';

/** The package version, read once from package.json. */
export const TOOL_VERSION: string = (() => {
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
