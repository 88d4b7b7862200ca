// The shipped JSON Schemas (schema/), compiled once: checks a line of --json output, a journal or fleet --json, or a
// status/plan document, against the hitless/1 contract.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { ROOT } from './runCli.js';

const SCHEMA_DIR = join(ROOT, 'schema');
const readSchema = (path: string) => JSON.parse(readFileSync(join(SCHEMA_DIR, path), 'utf8')) as { $id: string };
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const ajv = addFormats(new Ajv({ allErrors: true, strict: true }));
export const EVENT_TYPES = readdirSync(join(SCHEMA_DIR, 'events')).map((file) => file.replace('.schema.json', ''));
for (const file of ['common.schema.json', ...EVENT_TYPES.map((type) => `events/${type}.schema.json`)]) ajv.addSchema(readSchema(file));

const compile = (file: string): ValidateFunction => ajv.compile(readSchema(file));
const documents = {
  event: compile('event.schema.json'),
  status: compile('status.schema.json'),
  plan: compile('plan.schema.json'),
  fleet: compile('fleet.schema.json'),
};
const byType = new Map(EVENT_TYPES.map((type) => [type, ajv.getSchema(readSchema(`events/${type}.schema.json`).$id)!]));

/** The schema's complaints about `value` as a document of `kind` ([] when it conforms). */
export function contractErrors(kind: keyof typeof documents, value: unknown): string[] {
  // For an event, its own type's schema names the problem; the envelope's oneOf only says that none matched.
  const type = kind === 'event' && typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
  const own = typeof type === 'string' ? byType.get(type) : undefined;
  for (const validate of [own, documents[kind]]) {
    if (validate && !validate(value)) return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
  }
  return [];
}
