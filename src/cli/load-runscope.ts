/** `--runscope FILE [--initial-script FILE]`: an invalid export is exit 3, an unreadable file exit 2. */
import type { Suite } from '../model/suite.js';
import { InvalidSuiteError, loadRunscopeExport } from '../suite/formats/runscope.js';
import { EXIT, UsageError } from './exit-codes.js';
import { readFlagFile } from './config.js';

export function loadRunscopeFile(path: string, initialScriptPath: string | undefined, variables: Readonly<Record<string, string>>): Suite {
  const text = readFlagFile('--runscope', path);
  const initialScript = initialScriptPath ? readFlagFile('--initial-script', initialScriptPath) : undefined;
  try {
    return loadRunscopeExport(text, {
      path,
      ...(initialScript !== undefined ? { initialScript, initialScriptPath } : {}),
      variables,
    });
  } catch (e) {
    if (e instanceof InvalidSuiteError) throw new UsageError(`--runscope ${path}: ${e.message}`, EXIT.invalidSuite);
    throw e;
  }
}
