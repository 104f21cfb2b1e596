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

/** The attribute each kind is unique by and looked up by name: userName (Users), displayName (Groups). */
export const NAME_ATTRIBUTE: { readonly [kind in ResourceKind]: 'userName' | 'displayName' } = {
  User: 'userName',
  Group: 'displayName',
};

/**
 * In-memory Users and Groups. Iteration follows creation order, which gives the stable
 * ordering across pages Okta requires (okta-wire.md §1.10). Starts empty.
 *
 * Scale (issue 10): a paginated scan must cost O(page) per request, not O(store), so the
 * creation-ordered list is kept as one frozen array shared by every read until the next
 * write; and names are indexed (lower-cased: userName and displayName are caseExact false,
 * RFC7643-4.1.1) so a uniqueness check or an Okta/Entra `userName eq` lookup does not walk
 * every resource.
 */
export class ResourceStore {
  private readonly resources: { readonly [kind in ResourceKind]: Map<string, StoredResource> } = {
    User: new Map(),
    Group: new Map(),
  };
  private readonly snapshots: { [kind in ResourceKind]?: readonly StoredResource[] } = {};
  private readonly names: { readonly [kind in ResourceKind]: Map<string, Set<string>> } = {
    User: new Map(),
    Group: new Map(),
  };
  private lastTime = 0;

  /** `newId` makes a resource's id from a fresh UUID (tests use odd ids); default the UUID. */
  constructor(private readonly newId: (kind: ResourceKind, uuid: string) => string = (_kind, uuid) => uuid) {}

  /** Every resource of `kind`, in creation order (shared and frozen until the next write). */
  list(kind: ResourceKind): readonly StoredResource[] {
    let snapshot = this.snapshots[kind];
    if (snapshot === undefined) {
      snapshot = Object.freeze([...this.resources[kind].values()]);
      this.snapshots[kind] = snapshot;
    }
    return snapshot;
  }

  /**
   * The resources of `kind` whose name attribute ({@link NAME_ATTRIBUTE}) equals `name`
   * case-insensitively, in creation order. A superset of what a case-sensitive match selects.
   */
  findByName(kind: ResourceKind, name: string): readonly StoredResource[] {
    const ids = this.names[kind].get(name.toLowerCase());
    if (ids === undefined) return [];
    const found: StoredResource[] = [];
    for (const id of ids) {
      const stored = this.resources[kind].get(id);
      if (stored !== undefined) found.push(stored);
    }
    // created strictly increases (see now()), so it orders by creation.
    return found.sort((a, b) => (a.created < b.created ? -1 : a.created > b.created ? 1 : 0));
  }

  /** The resource of `kind` with `id`, or undefined. Ids compare exactly (caseExact, RFC7643-3.1). */
  get(kind: ResourceKind, id: string): StoredResource | undefined {
    return this.resources[kind].get(id);
  }

  /**
   * Stores a new resource under a fresh id (see `newId`), or under `id` when given — only the
   * `client-id-honoured` defect passes one (RFC7643-3.1: the id is always the server's).
   */
  insert(kind: ResourceKind, attributes: JsonObject, id?: string): StoredResource {
    const now = this.now();
    const stored: StoredResource = { id: id ?? this.newId(kind, randomUUID()), attributes, created: now, lastModified: now, revision: 1 };
    this.resources[kind].set(stored.id, stored);
    this.index(kind, stored, true);
    this.snapshots[kind] = undefined;
    return stored;
  }

  /** Replaces the attributes of an existing resource, bumping lastModified and revision. */
  update(kind: ResourceKind, id: string, attributes: JsonObject): StoredResource {
    const existing = this.resources[kind].get(id);
    if (existing === undefined) throw new Error(`No ${kind} ${id}`);
    const updated: StoredResource = { ...existing, attributes, lastModified: this.now(), revision: existing.revision + 1 };
    this.index(kind, existing, false);
    this.resources[kind].set(id, updated);
    this.index(kind, updated, true);
    this.snapshots[kind] = undefined;
    return updated;
  }

  /** Deletes a resource; false when there was none. */
  delete(kind: ResourceKind, id: string): boolean {
    const existing = this.resources[kind].get(id);
    if (existing === undefined) return false;
    this.index(kind, existing, false);
    this.snapshots[kind] = undefined;
    return this.resources[kind].delete(id);
  }

  /** Adds `stored` to (or removes it from) the name index of `kind`. */
  private index(kind: ResourceKind, stored: StoredResource, add: boolean): void {
    const name = stored.attributes[NAME_ATTRIBUTE[kind]];
    if (typeof name !== 'string') return;
    const key = name.toLowerCase();
    const ids = this.names[kind].get(key);
    if (add) {
      if (ids === undefined) this.names[kind].set(key, new Set([stored.id]));
      else ids.add(stored.id);
    } else if (ids !== undefined) {
      ids.delete(stored.id);
      if (ids.size === 0) this.names[kind].delete(key);
    }
  }

  /** An ISO timestamp strictly later than the previous one, so lastModified always moves. */
  private now(): string {
    this.lastTime = Math.max(Date.now(), this.lastTime + 1);
    return new Date(this.lastTime).toISOString();
  }
}
