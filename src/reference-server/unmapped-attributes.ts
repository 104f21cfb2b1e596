/**
 * Defect `unmapped-attributes-dropped`: POST /Users answers 201 but keeps only the attributes the
 * application "maps" — `ims`, `x509Certificates` and the enterprise `division` are accepted and
 * silently not stored (a write-read mismatch, peers.md §4 #33). Fixed bodies that never send
 * those attributes cannot see it; a body built from /Schemas can.
 */
import type { JsonObject } from '../scim/json-value.js';
import { isJsonObject } from '../scim/json-value.js';
import { ENTERPRISE_USER_SCHEMA_URN } from '../scim/urns.js';
import type { ResourceKind } from './resource-store.js';
import type { ServerContext } from './server-context.js';

/** The attributes as this defect stores them (unchanged without the defect). */
export function dropUnmappedAttributes(context: ServerContext, kind: ResourceKind, attributes: JsonObject): JsonObject {
  if (kind !== 'User' || !context.defects.has('unmapped-attributes-dropped')) return attributes;
  const { ims: _ims, x509Certificates: _certificates, ...kept } = attributes;
  const enterprise = kept[ENTERPRISE_USER_SCHEMA_URN];
  if (isJsonObject(enterprise)) {
    const { division: _division, ...rest } = enterprise;
    return { ...kept, [ENTERPRISE_USER_SCHEMA_URN]: rest };
  }
  return kept;
}
