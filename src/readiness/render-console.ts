/**
 * The console summary of a readiness check: the verdict first, then every failing
 * requirement with what was found and how to fix it, blocked ones on one line each.
 */
import { printable } from '../report/printable.js';
import type { ReadinessReport } from './readiness-report.js';

/** Hours as "48 h" or "30 days". */
export function formatHours(hours: number): string {
  return hours > 48 && hours % 24 === 0 ? `${hours / 24} days` : `${hours} h`;
}

export function renderReadinessSummary(report: ReadinessReport): string {
  const c = report.counts;
  const total = report.requirements.length;
  const lines: string[] = [];
  lines.push(`OIN submission readiness: ${report.submission.displayName} (${report.submission.scimBaseUrl})`);
  lines.push(report.submitEnabled
    ? `Submit integration: would be ENABLED — all ${total} requirements hold (${c.pass} passed, ${c['n/a']} not applicable)`
    : `Submit integration: would stay DISABLED — ${c.fail} failed, ${c.blocked} blocked, ${c.pass} passed, ${c['n/a']} not applicable`);
  const failing = report.requirements.filter((r) => r.status === 'fail');
  if (failing.length > 0) lines.push('');
  for (const r of failing) {
    lines.push(`  FAIL ${r.id} — ${r.title}`);
    lines.push(`       Found: ${r.message}`);
    if (r.fix !== undefined) lines.push(`       Fix:   ${r.fix}`);
  }
  const blockedOnes = report.requirements.filter((r) => r.status === 'blocked');
  if (blockedOnes.length > 0) {
    lines.push('');
    for (const r of blockedOnes) lines.push(`  BLOCKED ${r.id} (after ${(r.blockedBy ?? []).join(', ')})`);
  }
  const cases = report.testPlan.cases;
  const count = (status: string): number => cases.filter((k) => k.status === status).length;
  lines.push('');
  lines.push(`Manual test plan ${report.testPlan.plan}: ${count('pass')} passed, ${count('not-applicable')} not applicable, `
    + `${count('covered-by-automation')} covered by the CRUD run, ${count('awaiting-automation')} awaiting the CRUD run, `
    + `${count('automated-passed')} automated and passed, ${count('automated-failed')} automated and failed, ${count('automated-emulator')} on the emulator only, ${count('untracked')} untracked (of ${cases.length})`);
  for (const c of cases.filter((k) => k.status === 'automated-failed')) lines.push(`  AUTOMATED FAIL ${c.id} — ${c.title}: ${c.stepId ?? ''} ${c.evidence ?? ''}`);
  lines.push(`Result age limit: ${formatHours(report.policy.resultMaxAgeHours)} (SPEC, CRUD); ${formatHours(report.policy.ssoTesterMaxAgeHours)} (SSO Tester)`);
  const entra = report.entraGallery;
  if (entra !== undefined) {
    const covered = entra.gates.filter((g) => g.status === 'pass').length;
    lines.push('');
    lines.push(`Microsoft Entra app gallery (not part of the OIN verdict): ${covered} of ${entra.gates.length} gates covered by the linked runs${entra.gatesCovered ? '' : ' — not yet ready for Microsoft\'s onboarding run'}`);
    for (const g of entra.gates) {
      lines.push(`  ${g.status === 'pass' ? 'COVERED' : 'NOT COVERED'} ${g.id} — ${g.title}`);
      if (g.status !== 'pass') lines.push(`       Found: ${g.message}`);
      if (g.status !== 'pass' && g.fix !== undefined) lines.push(`       Fix:   ${g.fix}`);
    }
    lines.push('  Still needs a real Entra tenant (Microsoft\'s onboarding Logic App):');
    for (const t of entra.needsTenant) lines.push(`  - ${t.title}`);
  }
  return `${lines.map(printable).join('\n')}\n`;
}
