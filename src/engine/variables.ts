/**
 * The run's variable store (Runscope semantics): initial variables, then the initial script,
 * then per-step extractions and scripts; later values win, the history is kept.
 */
export type VariableOrigin =
  | { readonly kind: 'input' }
  | { readonly kind: 'initial' }
  | { readonly kind: 'script'; readonly stepId: string }
  | { readonly kind: 'extraction'; readonly stepId: string };

export interface VariableEntry {
  readonly value: string;
  readonly origin: VariableOrigin;
}

export class VariableStore {
  readonly #values = new Map<string, VariableEntry>();
  readonly #secrets = new Set<string>();
  #secretsVersion = 0;

  constructor(initial: Readonly<Record<string, string>> = {}) {
    for (const [name, value] of Object.entries(initial)) this.set(name, value, { kind: 'input' });
  }

  get(name: string): string | undefined {
    return this.#values.get(name)?.value;
  }

  /** {@link get} as a function, made once per store (templates call it for every placeholder). */
  readonly lookup = (name: string): string | undefined => this.#values.get(name)?.value;

  has(name: string): boolean {
    return this.#values.has(name);
  }

  set(name: string, value: string, origin: VariableOrigin): void {
    if (this.#secrets.has(name) && this.#values.get(name)?.value !== value) this.#secretsVersion += 1;
    this.#values.set(name, { value, origin });
  }

  /** Marks a variable as secret: its value is redacted everywhere. */
  markSecret(name: string): void {
    if (this.#secrets.has(name)) return;
    this.#secrets.add(name);
    this.#secretsVersion += 1;
  }

  /** Changes whenever {@link secretValues} may have changed (a redactor built for them can be kept until then). */
  get secretsVersion(): number {
    return this.#secretsVersion;
  }

  /** Current values of the variables marked secret. */
  secretValues(): string[] {
    return [...this.#secrets].map((n) => this.get(n)).filter((v): v is string => v !== undefined && v !== '');
  }

  /** Plain name → value view (for scripts and verify functions). */
  toRecord(): Record<string, string> {
    return Object.fromEntries([...this.#values].map(([k, v]) => [k, v.value]));
  }

  /** Copy, so one plan can run twice from the same inputs. */
  clone(): VariableStore {
    const copy = new VariableStore();
    for (const [k, v] of this.#values) copy.set(k, v.value, v.origin);
    for (const s of this.#secrets) copy.markSecret(s);
    return copy;
  }
}
