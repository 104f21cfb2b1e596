/**
 * Where Okta's published files are (the Runscope exports, their initial scripts and the manual
 * test plan, never copied into the project): `OKTA_FILES_DIR`, default `../shared/okta`
 * relative to the project root. Every test that reads them goes through this module.
 *
 * Nothing here reads at import time: a file read that throws while a spec module loads is
 * reported by mocha as a loader error (tsx's CommonJS fallback says "Top-level await is
 * currently not supported with the cjs output format") that hides the real cause. Tests call
 * {@link requireOktaFiles} in a `before` hook, or read inside a test, and a missing directory
 * or file fails them with one message naming the directory and the variable.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The environment variable naming the directory. */
export const OKTA_FILES_VARIABLE = 'OKTA_FILES_DIR';

/** The default, relative to the project root: the shared checkout beside the project. */
export const DEFAULT_OKTA_FILES_DIR = '../shared/okta';

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Raised when Okta's files are not where `OKTA_FILES_DIR` says; the message says what to do. */
export class MissingOktaFilesError extends Error {
  override readonly name = 'MissingOktaFilesError';
}

/** The directory, absolute (a relative `OKTA_FILES_DIR` is taken from the project root). */
export function oktaFilesDir(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env[OKTA_FILES_VARIABLE];
  return resolve(PROJECT_ROOT, configured === undefined || configured === '' ? DEFAULT_OKTA_FILES_DIR : configured);
}

function where(env: NodeJS.ProcessEnv): string {
  const configured = env[OKTA_FILES_VARIABLE];
  return configured === undefined || configured === ''
    ? `${OKTA_FILES_VARIABLE} is not set; the default is ${DEFAULT_OKTA_FILES_DIR} relative to the project root`
    : `${OKTA_FILES_VARIABLE}=${configured}`;
}

/** The directory; throws {@link MissingOktaFilesError} when it is not a directory. */
export function requireOktaFiles(env: NodeJS.ProcessEnv = process.env): string {
  const dir = oktaFilesDir(env);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new MissingOktaFilesError(`Okta's published files (Runscope exports, initial scripts, test plan) are not at ${dir} (${where(env)}). `
      + `Set ${OKTA_FILES_VARIABLE} to the directory holding Okta-SCIM-20-SPEC-Test.json and okta-scim-test-plan-v2.cases.json.`);
  }
  return dir;
}

/** The absolute path of one of Okta's files; throws {@link MissingOktaFilesError} when it is missing. */
export function oktaFile(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const path = join(requireOktaFiles(env), name);
  if (!existsSync(path)) {
    throw new MissingOktaFilesError(`Okta's file ${name} is missing from ${oktaFilesDir(env)} (${where(env)}): `
      + `copy Okta's published files there byte for byte, or point ${OKTA_FILES_VARIABLE} at a directory that has them.`);
  }
  return path;
}

/** One of Okta's files as UTF-8 text. */
export function readOktaFile(name: string, env: NodeJS.ProcessEnv = process.env): string {
  return readFileSync(oktaFile(name, env), 'utf8');
}

/** One of Okta's JSON files, parsed (the caller states the shape it relies on). */
export function readOktaJson<T>(name: string, env: NodeJS.ProcessEnv = process.env): T {
  return JSON.parse(readOktaFile(name, env)) as T;
}
