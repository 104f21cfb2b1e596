/** The golden reports in fixtures/reports/, read fresh for each use (tests may mutate them). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RunReport } from '../../src/model/report.js';

export type GoldenName = 'passing' | 'failing' | 'hostile';

export const GOLDEN_NAMES: readonly GoldenName[] = ['passing', 'failing', 'hostile'];

export function goldenPath(name: GoldenName): string {
  return fileURLToPath(new URL(`../../fixtures/reports/${name}.json`, import.meta.url));
}

/** Parsed without validation: the schema tests decide whether it is valid. */
export function golden(name: GoldenName): RunReport {
  return JSON.parse(readFileSync(goldenPath(name), 'utf8')) as RunReport;
}
