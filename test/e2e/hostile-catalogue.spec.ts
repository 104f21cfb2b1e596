/**
 * Survive any target (issue "Survive any target", item 5): the default run (`scim-conformance
 * run`, Okta profile, through the Okta org emulator) against every behaviour of the hostile
 * catalogue (test/helpers/hostile-server.ts, ≥ 30 misbehaviours). For each one: the process
 * ends within its bounds with exit 1 or 4, every artifact is written and valid (report.json
 * passes its schema and integrity), no form of the token appears in any artifact, stdout or
 * stderr, no control character from the server reaches the terminal, and peak memory stays
 * bounded. The runs go three at a time in `before`; each `it` judges one.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { parseReport } from '../../src/report/json.js';
import { BIN } from '../helpers/cli.js';
import { HOSTILE_AUTH, HOSTILE_BEHAVIOURS, HOSTILE_TOKEN, startHostileTarget, type HostileBehaviour } from '../helpers/hostile-server.js';

const MAX_DURATION_S = 10;
/** The run's budget, cleanup's own bound (10 s) and Node's start-up. */
const WALL_LIMIT_MS = (MAX_DURATION_S + 20) * 1000;
const PEAK_RSS_LIMIT_MB = 400;
const RSS_PROBE = fileURLToPath(new URL('../helpers/rss-probe.mjs', import.meta.url));
/** Behaviours that break no SCIM rule the default run checks: a pass is the right answer there. */
const MAY_PASS = new Set(['echo-token-in-headers']);

interface Outcome {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly wallMs: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly out: string;
  readonly peakRssMb: number;
}

/** Every encoding of the token a server or renderer may produce (issue "Survive any target", item 2). */
function tokenForms(): RegExp[] {
  const t = HOSTILE_TOKEN;
  const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const b64 = Buffer.from(t).toString('base64');
  return [
    new RegExp(escape(t), 'i'),
    new RegExp(escape(b64.replace(/=+$/, '')), ''),
    new RegExp(escape(Buffer.from(t).toString('base64url')), ''),
    new RegExp([...t].map((c) => `%${c.charCodeAt(0).toString(16)}`).join(''), 'i'),
    new RegExp([...t].map((c) => `\\\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''), 'i'),
    new RegExp([...t].map((c) => `&#${c.charCodeAt(0)};`).join(''), ''),
    new RegExp([...t].map((c) => `&#x${c.charCodeAt(0).toString(16)};`).join(''), 'i'),
  ];
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

function runAgainst(behaviour: HostileBehaviour): Promise<Outcome> {
  return startHostileTarget(behaviour).then((target) => new Promise<Outcome>((resolve, reject) => {
    const out = mkdtempSync(join(tmpdir(), `scim-hostile-${behaviour.name}-`));
    const rssFile = join(out, '.peak-rss');
    const t0 = Date.now();
    const child = spawn(process.execPath, ['--import', RSS_PROBE, BIN, 'run', '--scim-url', target.baseUrl, '--max-duration', `${MAX_DURATION_S}s`, '--timeout', '1500', '--out', join(out, 'reports'), '--reporter', 'spec'], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, SCIM_AUTH: HOSTILE_AUTH, SCIM_CONFORMANCE_RSS_FILE: rssFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => stdout.push(d));
    child.stderr.on('data', (d: Buffer) => stderr.push(d));
    const killer = setTimeout(() => child.kill('SIGKILL'), WALL_LIMIT_MS + 30_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      const wallMs = Date.now() - t0;
      let peakRssMb = Number.NaN;
      try {
        peakRssMb = Number(readFileSync(rssFile, 'utf8')) / 1024;
      } catch { /* the process died before writing it: judged below */ }
      void target.close().then(() => resolve({ code, signal, wallMs, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8'), out: join(out, 'reports'), peakRssMb }), reject);
    });
  }));
}

describe('hostile-target catalogue: the default run survives every behaviour', function () {
  this.timeout(20 * 60_000);
  const outcomes = new Map<string, Outcome | Error>();

  before(async () => {
    const queue = [...HOSTILE_BEHAVIOURS];
    const worker = async (): Promise<void> => {
      for (let b = queue.shift(); b; b = queue.shift()) {
        try {
          outcomes.set(b.name, await runAgainst(b));
        } catch (e) {
          outcomes.set(b.name, e as Error);
        }
      }
    };
    await Promise.all([worker(), worker(), worker()]);
  });

  it('holds at least 30 distinct misbehaviours', () => {
    expect(new Set(HOSTILE_BEHAVIOURS.map((b) => b.name)).size).to.equal(HOSTILE_BEHAVIOURS.length);
    expect(HOSTILE_BEHAVIOURS.length).to.be.at.least(30);
  });

  for (const behaviour of HOSTILE_BEHAVIOURS) {
    it(`${behaviour.name} (${behaviour.description})`, () => {
      const o = outcomes.get(behaviour.name);
      if (o === undefined || o instanceof Error) throw o ?? new Error('did not run');
      const where = `${behaviour.name}: exit ${String(o.code)} after ${o.wallMs} ms\n${o.stderr.slice(-1500)}`;
      expect(o.signal, where).to.equal(null);
      expect(MAY_PASS.has(behaviour.name) ? [0, 1, 4] : [1, 4], where).to.include(o.code);
      expect(o.wallMs, where).to.be.below(WALL_LIMIT_MS);
      expect(o.peakRssMb, `${where}\npeak RSS`).to.be.below(PEAK_RSS_LIMIT_MB);
      // Every artifact written and valid.
      const files = filesUnder(o.out);
      const reportJson = files.find((f) => f.endsWith('report.json'));
      expect(reportJson, where).to.be.a('string');
      const report = parseReport(readFileSync(reportJson ?? '', 'utf8'));
      expect(report.suites.length, where).to.be.greaterThan(0);
      for (const name of ['report.html', 'junit.xml']) {
        const file = files.find((f) => f.endsWith(name));
        expect(file, `${where}\n${name}`).to.be.a('string');
        expect(statSync(file ?? '').size).to.be.greaterThan(100);
      }
      expect(readFileSync(files.find((f) => f.endsWith('junit.xml')) ?? '', 'utf8')).to.match(/^<\?xml[^>]*\?>\s*<testsuites[\s\S]*<\/testsuites>\s*$/);
      // No form of the token anywhere.
      const texts: [string, string][] = [['stdout', o.stdout], ['stderr', o.stderr], ...files.map((f) => [f, readFileSync(f, 'utf8')] as [string, string])];
      for (const [name, text] of texts) {
        for (const form of tokenForms()) expect(form.test(text), `${behaviour.name}: ${name} holds the token as ${String(form)}`).to.equal(false);
      }
      // Nothing a server sent controls the terminal.
      for (const [name, text] of [['stdout', o.stdout], ['stderr', o.stderr]] as const) {
        const bad = /[\u0000-\u0008\u000b-\u001f\u007f\u0080-\u009f]/.exec(text);
        expect(bad, `${behaviour.name}: ${name} holds control character U+${(bad?.[0].charCodeAt(0) ?? 0).toString(16)} near ${JSON.stringify(text.slice(Math.max(0, (bad?.index ?? 0) - 40), (bad?.index ?? 0) + 20))}`).to.equal(null);
      }
    });
  }
});
