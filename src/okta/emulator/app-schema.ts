/**
 * The app user schema of the emulated app and "Import User Schema" (IMPORT_USER_SCHEMA):
 * Okta reads the User resource type from `/ResourceTypes` and its core schema and extensions
 * from `/Schemas` (okta-wire.md §1.12, [OINW test-instance.md]); the schema is served as
 * Okta's `GET /api/v1/meta/schemas/apps/{appId}/default` shows it ([APPS] app user schema:
 * `definitions.base` for the template's attributes, `definitions.custom` for the rest).
 *
 * Attribute naming is ours where Okta's is undocumented: a sub-attribute of a single-valued
 * complex attribute is named by its own name (`name.givenName` → `givenName`, as the SCIM 2.0
 * Test App template names it), the primary e-mail is `email`, and multi-valued complex
 * attributes other than `emails` are not imported.
 */
import { joinScimUrl } from '../../scim/base-url.js';
import { describeScimFailure, type OktaScimClient } from './okta-scim-client.js';
import type { AppRecord, AppSchemaAttribute, AppUserSchema } from './org-state.js';
import { isRecord } from './scim-user-mapping.js';

const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

const attr = (name: string, title: string, externalName: string, type = 'string', externalNamespace = CORE_USER): AppSchemaAttribute =>
  ({ name, title, type, externalName, externalNamespace });

/** The SCIM 2.0 Test App template's attributes before any schema import (okta-wire.md §5). */
export const TEMPLATE_APP_SCHEMA: AppUserSchema = {
  base: [
    attr('userName', 'Username', 'userName'),
    attr('givenName', 'Given name', 'name.givenName'),
    attr('familyName', 'Family name', 'name.familyName'),
    attr('email', 'Primary email', 'emails[primary eq true].value'),
    attr('emailType', 'Primary email type', 'emails[primary eq true].type'),
    attr('title', 'Title', 'title'),
  ],
  custom: [],
  importedAt: null,
};

export interface SchemaImportResult {
  readonly coreSchema: string | null;
  readonly extensions: readonly string[];
  readonly base: readonly string[];
  readonly custom: readonly string[];
  readonly requests: readonly string[];
  readonly errors: readonly string[];
}

class SchemaImportFailure extends Error {}

/** Runs Import User Schema; on success the app's schema is replaced. Never throws for what the server does. */
export async function importUserSchema(app: AppRecord, scim: OktaScimClient): Promise<SchemaImportResult> {
  const requests: string[] = [];
  try {
    const types = listOf(await get(scim, '/ResourceTypes', requests), '/ResourceTypes', scim);
    const user = types.find((t) => t['endpoint'] === '/Users' || t['id'] === 'User' || t['name'] === 'User');
    if (!user) throw new SchemaImportFailure(`GET ${joinScimUrl(scim.baseUrl, '/ResourceTypes')} lists no User resource type (endpoint /Users)`);
    const core = typeof user['schema'] === 'string' ? user['schema'] : CORE_USER;
    const extensions = Array.isArray(user['schemaExtensions'])
      ? user['schemaExtensions'].flatMap((e) => (isRecord(e) && typeof e['schema'] === 'string' ? [e['schema']] : []))
      : [];
    const schemas = listOf(await get(scim, '/Schemas', requests), '/Schemas', scim);
    const byId = (id: string): Record<string, unknown> | undefined => schemas.find((s) => s['id'] === id);
    const coreSchema = byId(core);
    if (!coreSchema) throw new SchemaImportFailure(`GET ${joinScimUrl(scim.baseUrl, '/Schemas')} does not include the User schema ${core} that /ResourceTypes names`);
    const base = attributesOf(coreSchema, core);
    const custom: AppSchemaAttribute[] = [];
    for (const urn of extensions) {
      const ext = byId(urn);
      if (!ext) throw new SchemaImportFailure(`GET ${joinScimUrl(scim.baseUrl, '/Schemas')} does not include the extension ${urn} that the User resource type lists`);
      custom.push(...attributesOf(ext, urn));
    }
    app.schema = { base, custom, importedAt: new Date().toISOString() };
    return { coreSchema: core, extensions, base: base.map((a) => a.name), custom: custom.map((a) => a.name), requests, errors: [] };
  } catch (err) {
    if (!(err instanceof SchemaImportFailure)) throw err;
    return {
      coreSchema: null, extensions: [], base: [], custom: [], requests,
      errors: [scim.redact(`Import of the user schema from app ${app.label} failed: ${err.message}`)],
    };
  }
}

async function get(scim: OktaScimClient, path: string, requests: string[]): Promise<unknown> {
  requests.push(`GET ${path}`);
  const res = await scim.send('GET', path);
  if (res.kind === 'transport' || res.status !== 200) throw new SchemaImportFailure(describeScimFailure('GET', joinScimUrl(scim.baseUrl, path), res));
  return res.json;
}

function listOf(body: unknown, path: string, scim: OktaScimClient): Record<string, unknown>[] {
  const list = isRecord(body) ? body['Resources'] : Array.isArray(body) ? body : undefined;
  if (!Array.isArray(list)) throw new SchemaImportFailure(`GET ${joinScimUrl(scim.baseUrl, path)} returned 200 but no Resources list`);
  return list.filter(isRecord);
}

function attributesOf(schema: Record<string, unknown>, urn: string): AppSchemaAttribute[] {
  const list = Array.isArray(schema['attributes']) ? schema['attributes'].filter(isRecord) : [];
  const out: AppSchemaAttribute[] = [];
  for (const a of list) {
    const name = typeof a['name'] === 'string' ? a['name'] : '';
    if (name === '' || a['mutability'] === 'readOnly' || name === 'password') continue;
    const type = typeof a['type'] === 'string' ? a['type'] : 'string';
    const multi = a['multiValued'] === true;
    const subs = Array.isArray(a['subAttributes']) ? a['subAttributes'].filter(isRecord) : [];
    if (type === 'complex' && !multi) {
      for (const sub of subs) {
        const subName = typeof sub['name'] === 'string' ? sub['name'] : '';
        if (subName !== '' && sub['mutability'] !== 'readOnly') out.push(attr(subName, subName, `${name}.${subName}`, jsonType(sub['type']), urn));
      }
    } else if (type === 'complex' && name === 'emails') {
      out.push(attr('email', 'Primary email', 'emails[primary eq true].value', 'string', urn));
    } else if (type !== 'complex') {
      out.push(attr(name, name, name, multi ? 'array' : jsonType(type), urn));
    }
  }
  return out;
}

function jsonType(scimType: unknown): string {
  if (scimType === 'boolean') return 'boolean';
  if (scimType === 'integer') return 'integer';
  if (scimType === 'decimal') return 'number';
  return 'string';
}

/** The schema as Okta's `GET /api/v1/meta/schemas/apps/{appId}/default` returns it. */
export function appSchemaJson(orgUrl: string, app: AppRecord): unknown {
  const props = (list: readonly AppSchemaAttribute[]): Record<string, unknown> =>
    Object.fromEntries(list.map((a) => [a.name, {
      title: a.title, type: a.type, scope: 'NONE', externalName: a.externalName, externalNamespace: a.externalNamespace,
      mutability: 'READ_WRITE', master: { type: 'PROFILE_MASTER' },
    }]));
  return {
    id: `${orgUrl}/meta/schemas/apps/${app.id}/default`,
    $schema: 'http://json-schema.org/draft-04/schema#',
    name: app.name,
    title: `${app.label} User`,
    lastUpdated: app.schema.importedAt ?? app.created,
    created: app.created,
    definitions: {
      base: { id: '#base', type: 'object', properties: props(app.schema.base), required: ['userName'] },
      custom: { id: '#custom', type: 'object', properties: props(app.schema.custom), required: [] },
    },
    type: 'object',
    properties: { profile: { allOf: [{ $ref: '#/definitions/custom' }, { $ref: '#/definitions/base' }] } },
  };
}
