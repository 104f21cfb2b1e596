/**
 * Loads a suite from a file a user supplies. Native suites are TypeScript modules (registry.ts);
 * files are Runscope exports (DESIGN.md core decision 8: Runscope JSON is an input format).
 * An unreadable file is a SuiteFileError (usage, exit 2); a file that is read but cannot run is
 * an InvalidSuiteError (exit 3).
 */
import { readFileSync } from 'node:fs';
import type { Suite } from '../model/suite.js';
import { loadRunscopeExport } from './formats/runscope.js';

export { InvalidSuiteError } from './invalid-suite-error.js';

/** A suite file (or its initial script) that could not be read at all. */
export class SuiteFileError extends Error {
  readonly path: string;

  constructor(path: string, detail: string) {
    super(`cannot read ${path}: ${detail}`);
    this.name = 'SuiteFileError';
    this.path = path;
  }
}

export interface SuiteFileOptions {
  /** A Runscope Initial Script to run before the first step. */
  readonly initialScriptPath?: string;
  /** Variables known at load time (list variables expand steps, see formats/runscope.ts). */
  readonly variables?: Readonly<Record<string, string>>;
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new SuiteFileError(path, err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'it is a directory' : err.message);
  }
}

/** Reads and loads a Runscope export file (and its initial script, if given). */
export function loadSuiteFile(path: string, options: SuiteFileOptions = {}): Suite {
  const text = readText(path);
  const initialScript = options.initialScriptPath !== undefined ? readText(options.initialScriptPath) : undefined;
  return loadRunscopeExport(text, {
    path,
    ...(initialScript !== undefined && options.initialScriptPath !== undefined ? { initialScript, initialScriptPath: options.initialScriptPath } : {}),
    ...(options.variables ? { variables: options.variables } : {}),
  });
}
