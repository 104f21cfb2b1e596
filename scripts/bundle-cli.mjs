/**
 * Bundles the CLI into one file, dist/cli/scim-conformance.mjs (issue 10 item 2: loading ~350
 * modules took ~350 ms of every start). Run by `npm run build` after tsc; the tsc build in
 * dist/src stays the library entry for `import`.
 *
 * Our code and the small pure-JS dependencies are inlined. Kept external, loaded from
 * node_modules at run time: mocha (it `require`s reporters by name, mochawesome among them),
 * mochawesome, and ajv/ajv-formats (only the standalone validators' runtime helpers, required
 * through createRequire). Each command's module is still reached through `import()`, which
 * esbuild turns into a lazy initialiser, so a command's code runs only when it is used.
 */
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

/**
 * yargs renders and caches the whole help text of a command each time it runs one (command.js,
 * `cacheHelpMessage`), measuring every word with `string-width`, which segments text with
 * Intl.Segmenter: ~100 ms of CPU on every `run`. Inside the bundle, `string-width` answers
 * plain narrow text (ASCII, Latin-1, general punctuation, arrows — all one column, as
 * string-width itself counts them) by its length and hands anything else to the real one.
 */
const NARROW_TEXT = String.raw`/^[\x20-\x7e\u00a0-\u00ac\u00ae-\u02ff\u2010-\u2027\u2030-\u205e\u2190-\u21ff]*$/`;
const fastStringWidth = {
  name: 'fast-string-width',
  setup(build) {
    build.onResolve({ filter: /^string-width$/ }, async (args) => {
      if (args.pluginData?.real) return undefined;
      const real = await build.resolve('string-width', { resolveDir: args.resolveDir, kind: args.kind, pluginData: { real: true } });
      return { path: real.path, namespace: 'fast-string-width' };
    });
    build.onLoad({ filter: /.*/, namespace: 'fast-string-width' }, (args) => ({
      contents: `import realStringWidth from ${JSON.stringify(args.path)};
const NARROW = ${NARROW_TEXT};
export default function stringWidth(text, options) {
  return typeof text === 'string' && options === undefined && NARROW.test(text) ? text.length : realStringWidth(text, options);
}`,
      loader: 'js',
      resolveDir: dirname(args.path),
    }));
  },
};

/**
 * mocha's reporters/index.cjs requires all 16 built-in reporters when mocha loads; a run uses
 * one. Inside the bundle each becomes a getter that requires its module on first use, so only
 * the chosen reporter (and Base) is ever initialised. Derived from mocha's own file, so a new
 * reporter in a mocha update is kept; a file whose shape changed fails the build.
 */
const lazyMochaReporters = {
  name: 'lazy-mocha-reporters',
  setup(build) {
    build.onLoad({ filter: /[\\/]mocha[\\/]lib[\\/]reporters[\\/]index\.cjs$/ }, (args) => {
      const original = readFileSync(args.path, 'utf8');
      const entries = [...original.matchAll(/const \{ (\w+) \} = require\("([^"]+)"\);\s*exports(?:\.(\w+)|\["([\w-]+)"\]) = exports(?:\.(\w+)|\["([\w-]+)"\]) = \1;/g)];
      if (entries.length < 10) throw new Error(`mocha's ${args.path} changed shape: update lazyMochaReporters in scripts/bundle-cli.mjs`);
      const getters = entries.flatMap(([, name, file, a1, a2, b1, b2]) => [a1 ?? a2, b1 ?? b2].map((alias) =>
        `Object.defineProperty(exports, ${JSON.stringify(alias)}, { enumerable: true, configurable: true, get: () => require(${JSON.stringify(file)}).${name} });`));
      return { contents: `"use strict";\n${getters.join('\n')}\n`, loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

/**
 * src/http/send.ts uses undici's Agent and Client only, but undici's index requires all of undici
 * (fetch, WebSocket, caches, mocks: about 300 KiB of the bundle, compiled at every start). In the
 * bundle, our `import … from 'undici'` gets those two classes and the request API that undici's
 * index installs on Dispatcher.prototype — the same objects, nothing else.
 */
const undiciCore = {
  name: 'undici-core',
  setup(build) {
    build.onResolve({ filter: /^undici$/ }, (args) => (/[\\/]src[\\/]/.test(args.importer) ? { path: 'undici', namespace: 'undici-core' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'undici-core' }, () => ({
      contents: `import Agent from 'undici/lib/dispatcher/agent.js';
import Client from 'undici/lib/dispatcher/client.js';
import Dispatcher from 'undici/lib/dispatcher/dispatcher.js';
import api from 'undici/lib/api/index.js';
Object.assign(Dispatcher.prototype, api);
export { Agent, Client, Dispatcher };`,
      loader: 'js',
      resolveDir: root,
    }));
  },
};

/** Runtime packages the bundle must not inline (they load code by name, or are only required lazily). */
export const EXTERNAL = ['mochawesome', 'ajv', 'ajv-formats'];

await build({
  absWorkingDir: root,
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/cli/scim-conformance.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: EXTERNAL,
  // src/cli/version.ts reads package.json relative to its own module, which a bundle moves.
  define: { __SCIM_CONFORMANCE_VERSION__: JSON.stringify(version) },
  // CommonJS dependencies inlined into an ES module still call require() for Node built-ins.
  banner: { js: "import { createRequire as __bundleCreateRequire } from 'node:module'; const require = __bundleCreateRequire(import.meta.url);" },
  plugins: [fastStringWidth, lazyMochaReporters, undiciCore],
  // Minified: the start-up cost of a bundle is mostly reading and compiling its text.
  minify: true,
  keepNames: true,
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
});
