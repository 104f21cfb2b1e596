/**
 * The shared deadline timer (src/http/timer-delay.ts `atDeadline`): every request's time limit
 * and every step's budget is a deadline on one Node timer. Each fires once its time has passed,
 * in order, a cancelled one never, and the timer keeps no process alive.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { atDeadline } from '../../src/http/timer-delay.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('atDeadline (one shared timer)', () => {
  it('fires each deadline once its time has passed, earliest first, whatever order they were set in', async () => {
    const t0 = performance.now();
    const fired: [string, number][] = [];
    atDeadline(60, () => fired.push(['late', performance.now() - t0]));
    atDeadline(20, () => fired.push(['early', performance.now() - t0]));
    atDeadline(40, () => fired.push(['middle', performance.now() - t0]));
    await sleep(120);
    expect(fired.map(([name]) => name)).to.deep.equal(['early', 'middle', 'late']);
    const at = new Map(fired);
    expect(at.get('early')).to.be.at.least(19);
    expect(at.get('middle')).to.be.at.least(39);
    expect(at.get('late')).to.be.at.least(59);
  });

  it('deadlines that fall due together (the loop was busy past both) fire earliest first', async () => {
    const fired: string[] = [];
    atDeadline(30, () => fired.push('at 30 ms, set first'));
    atDeadline(10, () => fired.push('at 10 ms, set second'));
    const until = performance.now() + 60;
    while (performance.now() < until) { /* the event loop is blocked past both */ }
    await sleep(20);
    expect(fired).to.deep.equal(['at 10 ms, set second', 'at 30 ms, set first']);
  });

  it('a cancelled deadline never fires, and the others still do', async () => {
    const fired: string[] = [];
    const first = atDeadline(10, () => fired.push('first'));
    atDeadline(30, () => fired.push('second'));
    first.cancel();
    await sleep(60);
    expect(fired).to.deep.equal(['second']);
  });

  it('an earlier deadline set after a later one is not held back by it', async () => {
    const fired: string[] = [];
    const far = atDeadline(10_000, () => fired.push('far'));
    atDeadline(5, () => fired.push('near'));
    await sleep(40);
    far.cancel();
    expect(fired).to.deep.equal(['near']);
  });

  it('keeps no process alive: a pending deadline does not delay the exit', () => {
    const module = fileURLToPath(new URL('../../src/http/timer-delay.ts', import.meta.url));
    const started = Date.now();
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e',
      `const { atDeadline } = await import(${JSON.stringify(module)}); atDeadline(20000, () => console.log('fired'));`], { encoding: 'utf8', timeout: 15_000 });
    expect(child.status, child.stderr).to.equal(0);
    expect(child.stdout).to.equal('');
    expect(Date.now() - started).to.be.below(15_000);
  });
});
