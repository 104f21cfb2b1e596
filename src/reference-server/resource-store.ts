import { randomUUID } from 'node:crypto';
import type { JsonObject } from '../scim/json-value.js';

/** The writable resource types of the reference server. */
export type ResourceKind = 'User' | 'Group';

/** One stored resource: its canonical attributes plus server-owned metadata. */
export interface StoredResource {
  /** Server-assigned UUID (RFC7643-3.1). */
  readonly id: string;
  /** Canonical attributes (no `schemas`, `id` or `meta`), including writeOnly ones. */
  readonly attributes: JsonObject;
  /** RFC7643-3.1 meta.created, ISO 8601. */
  readonly created: string;
  /** RFC7643-3.1 meta.lastModified, ISO 8601; strictly increases on every change. */
  readonly lastModified: string;
  /** Revision counter behind meta.version / ETag (RFC7644-3.14). */
  readonly revision: number;
}

/**
 * In-memory Users and Groups. Iteration follows creation order, which gives the stable
 * ordering across pages Okta requires (okta-wire.md §1.10). Starts empty.
 */
export class ResourceStore {
  private readonly resources: { readonly [kind in ResourceKind]: Map<string, StoredResource> } = {
    User: new Map(),
    Group: new Map(),
  };
  private lastTime = 0;

  /** Every resource of `kind`, in creation order. */
  list(kind: ResourceKind): readonly StoredResource[] {
    return [...this.resources[kind].values()];
  }

  /** The resource of `kind` with `id`, or undefined. Ids compare exactly (caseExact, RFC7643-3.1). */
  get(kind: ResourceKind, id: string): StoredResource | undefined {
    return this.resources[kind].get(id);
  }

  /** Stores a new resource under a fresh UUID. */
  insert(kind: ResourceKind, attributes: JsonObject): StoredResource {
    const now = this.now();
    const stored: StoredResource = { id: randomUUID(), attributes, created: now, lastModified: now, revision: 1 };
    this.resources[kind].set(stored.id, stored);
    return stored;
  }

  /** Replaces the attributes of an existing resource, bumping lastModified and revision. */
  update(kind: ResourceKind, id: string, attributes: JsonObject): StoredResource {
    const existing = this.resources[kind].get(id);
    if (existing === undefined) throw new Error(`No ${kind} ${id}`);
    const updated: StoredResource = { ...existing, attributes, lastModified: this.now(), revision: existing.revision + 1 };
    this.resources[kind].set(id, updated);
    return updated;
  }

  /** Deletes a resource; false when there was none. */
  delete(kind: ResourceKind, id: string): boolean {
    return this.resources[kind].delete(id);
  }

  /** An ISO timestamp strictly later than the previous one, so lastModified always moves. */
  private now(): string {
    this.lastTime = Math.max(Date.now(), this.lastTime + 1);
    return new Date(this.lastTime).toISOString();
  }
}
