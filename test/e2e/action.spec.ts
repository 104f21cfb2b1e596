/**
 * The composite GitHub Action (action.yml at the root): its `run:` steps, exactly as written,
 * with the inputs and step outputs substituted the way the runner does it and each step's `if:`
 * evaluated, run with bash as GitHub runs them (`bash --noprofile --norc -eo pipefail`) against
 * a passing and a failing reference server. `uses:` steps (setup-node, upload-artifact, Pages)
 * belong to GitHub and are only checked for what they are given.
 *
 * The action's checkout is this project (GITHUB_ACTION_PATH), already built by `npm test`'s
 * pretest, so its build step finds dist/ and does not run npm ci.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { REFERENCE_AUTH, startTargets } from '../helpers/targets.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// js-yaml comes with mocha (a dependency); it has no bundled types.
const { load: parseYaml } = createRequire(import.meta.url)('js-yaml') as { load: (text: string) => unknown };

interface ActionStep {
  readonly name?: string;
  readonly id?: string;
  readonly if?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly shell?: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly with?: Readonly<Record<string, string>>;
}

interface Action {
  readonly inputs: Readonly<Record<string, { readonly default?: string; readonly required?: boolean }>>;
  readonly outputs: Readonly<Record<string, { readonly value: string }>>;
  readonly runs: { readonly using: string; readonly steps: readonly ActionStep[] };
}

const ACTION = parseYaml(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as Action;

/** What `${{ … }}` can see: inputs, earlier steps' outputs and the action's path. */
interface Context {
  readonly inputs: Readonly<Record<string, string>>;
  readonly steps: Record<string, { outputs: Record<string, string> }>;
}

function lookup(path: string, context: Context): string {
  const inputs = /^inputs\.([\w-]+)$/.exec(path);
  if (inputs) {
    if (!(inputs[1]! in ACTION.inputs)) throw new Error(`action.yml uses undeclared input ${inputs[1]}`);
    return context.inputs[inputs[1]!] ?? '';
  }
  const output = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(path);
  if (output) return context.steps[output[1]!]?.outputs[output[2]!] ?? '';
  if (path === 'github.action_path') return ROOT;
  throw new Error(`the test cannot evaluate \${{ ${path} }}: extend it rather than leave the step unchecked`);
}

/**
 * A step's `if:` — the forms action.yml uses (`always()`, `a == 'x'`, `a != 'x'`, joined by
 * `&&`). Anything else throws, so a new condition cannot slip by unevaluated.
 */
function condition(expression: string | undefined, context: Context): boolean {
  if (expression === undefined) return true; // success(): every earlier run step succeeded (a failure ends the run here)
  return expression.split('&&').map((t) => t.trim()).every((term) => {
    if (term === 'always()') return true;
    const m = /^([\w.-]+)\s*(==|!=)\s*'([^']*)'$/.exec(term);
    if (!m) throw new Error(`the test cannot evaluate the condition ${term}`);
    return (lookup(m[1]!, context) === m[3]) === (m[2] === '==');
  });
}

const substitute = (text: string, context: Context): string => text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_m, path: string) => lookup(path, context));

interface StepRun { readonly name: string; readonly ran: boolean; readonly code: number | null; readonly stdout: string; readonly stderr: string }

function bash(script: string, env: NodeJS.ProcessEnv, cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const file = join(cwd, `.step-${Date.now()}-${Math.random().toString(36).slice(2)}.sh`);
    writeFileSync(file, script);
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', file], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}

/** Runs the action's steps as the runner would; stops at the first failing step that is not `always()`. */
async function runAction(withInputs: Readonly<Record<string, string>>, workflowEnv: Readonly<Record<string, string>>): Promise<{ steps: StepRun[]; workspace: string; summary: string; context: Context }> {
  const workspace = mkdtempSync(join(tmpdir(), 'scim-conformance-action-'));
  const summary = join(workspace, 'step-summary.md');
  writeFileSync(summary, '');
  const inputs = Object.fromEntries(Object.entries(ACTION.inputs).map(([name, spec]) => [name, withInputs[name] ?? spec.default ?? '']));
  const context: Context = { inputs, steps: {} };
  const steps: StepRun[] = [];
  let failed = false;
  for (const [index, step] of ACTION.runs.steps.entries()) {
    const name = step.name ?? step.uses ?? `step ${index + 1}`;
    const wanted = condition(step.if, context) && (!failed || (step.if ?? '').includes('always()'));
    if (!wanted || step.run === undefined) {
      steps.push({ name, ran: false, code: null, stdout: '', stderr: '' });
      continue;
    }
    expect(step.shell, `${name}: composite run steps must name their shell`).to.equal('bash');
    const outputFile = join(workspace, `output-${index}`);
    writeFileSync(outputFile, '');
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH, HOME: process.env.HOME, ...workflowEnv,
      GITHUB_ACTIONS: 'true', GITHUB_ACTION_PATH: ROOT, GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summary, GITHUB_WORKSPACE: workspace,
      ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, substitute(String(v), context)])),
    };
    const result = await bash(substitute(step.run, context), env, workspace);
    steps.push({ name, ran: true, ...result });
    if (step.id) {
      const outputs = Object.fromEntries(readFileSync(outputFile, 'utf8').split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
      context.steps[step.id] = { outputs };
    }
    if (result.code !== 0) failed = true;
  }
  return { steps, workspace, summary: readFileSync(summary, 'utf8'), context };
}

const step = (steps: readonly StepRun[], name: string): StepRun => {
  const found = steps.find((s) => s.name === name);
  if (!found) throw new Error(`no step named ${name}`);
  return found;
};

describe('the GitHub Action (action.yml)', function () {
  this.timeout(120_000);

  it('is a composite action whose GitHub steps get the report directory, the site and the Pages switch', () => {
    expect(ACTION.runs.using).to.equal('composite');
    expect(Object.keys(ACTION.inputs)).to.include.members(['suites', 'scim-url', 'args', 'out', 'site', 'pages', 'fail-on-failure']);
    // Secrets are never inputs: they come through env.
    expect(Object.keys(ACTION.inputs).filter((n) => /auth|token|secret|password/i.test(n))).to.deep.equal([]);
    const uses = ACTION.runs.steps.filter((s) => s.uses !== undefined);
    expect(uses.map((s) => s.uses)).to.deep.equal([
      'actions/setup-node@v4', 'actions/configure-pages@v5', 'actions/upload-artifact@v4', 'actions/upload-pages-artifact@v3', 'actions/deploy-pages@v4',
    ]);
    const upload = uses.find((s) => s.uses === 'actions/upload-artifact@v4');
    expect(upload?.if).to.equal('always()');
    expect(upload?.with?.path?.split('\n').map((l) => l.trim()).filter(Boolean)).to.deep.equal(['${{ inputs.out }}', '${{ inputs.site }}']);
    for (const pages of uses.filter((s) => /pages/.test(s.uses ?? ''))) expect(pages.if, pages.uses).to.equal("always() && inputs.pages == 'true'");
  });

  it('against a correct server: the suites pass, the job summary and site are written, nothing fails', async () => {
    const targets = await startTargets();
    try {
      const { steps, workspace, summary, context } = await runAction({ 'scim-url': targets.server.baseUrl }, { SCIM_AUTH: REFERENCE_AUTH });
      const run = step(steps, 'Run the conformance suites');
      expect(step(steps, 'Build scim-conformance')).to.include({ ran: true, code: 0 });
      expect(run.code, run.stderr).to.equal(0);
      expect(context.steps['run']?.outputs['exit-code']).to.equal('0');
      expect(run.stdout + run.stderr).to.match(/PASS setup\/seed-user, okta-spec, okta-crud/);
      const publish = step(steps, 'Job summary, annotations and the static report site');
      expect(publish.code, publish.stderr).to.equal(0);
      expect(step(steps, 'Fail when a required check failed').ran).to.equal(false);
      expect(readdirSync(join(workspace, 'scim-conformance-reports'))).to.have.length(1);
      expect(existsSync(join(workspace, 'scim-conformance-site', 'index.html'))).to.equal(true);
      expect(summary).to.match(/PASS/);
      const secret = REFERENCE_AUTH.split(' ')[1]!;
      for (const s of steps) expect(s.stdout + s.stderr, s.name).not.to.include(secret);
      expect(summary).not.to.include(secret);
    } finally {
      await targets.close();
    }
  });

  it('against a broken server (SCIM_URL from env): the reports are still published and annotated, then the action fails with exit 1', async () => {
    const broken = await startTargets({ defects: ['auth-not-enforced'] });
    try {
      const { steps, summary, context } = await runAction({ suites: 'okta-spec' }, { SCIM_URL: broken.server.baseUrl, SCIM_AUTH: REFERENCE_AUTH });
      expect(step(steps, 'Run the conformance suites').code).to.equal(0);
      expect(context.steps['run']?.outputs['exit-code']).to.equal('1');
      const publish = step(steps, 'Job summary, annotations and the static report site');
      expect(publish.code, publish.stderr).to.equal(0);
      expect(publish.stdout).to.match(/^::error title=FAIL okta-spec › okta-spec\/wrong-auth-returns-401[^\n]*::/m);
      expect(summary).to.include('wrong-auth-returns-401');
      const fail = step(steps, 'Fail when a required check failed');
      expect(fail).to.include({ ran: true, code: 1 });
      expect(fail.stdout).to.match(/^::error title=SCIM conformance::scim-conformance run exited 1/m);
    } finally {
      await broken.close();
    }
  });
});
