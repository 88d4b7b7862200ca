// The hitless/1 event schemas (schema/), compiled on first use: what a journal line must be before a report or an
// export reads it. One complaint per line, in words: the field and what is wrong with it.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import commonSchema from '../../schema/common.schema.json' with { type: 'json' };
import command from '../../schema/events/command.schema.json' with { type: 'json' };
import confirmRequest from '../../schema/events/confirm-request.schema.json' with { type: 'json' };
import confirmResponse from '../../schema/events/confirm-response.schema.json' with { type: 'json' };
import connected from '../../schema/events/connected.schema.json' with { type: 'json' };
import connecting from '../../schema/events/connecting.schema.json' with { type: 'json' };
import consoleLine from '../../schema/events/console-line.schema.json' with { type: 'json' };
import decision from '../../schema/events/decision.schema.json' with { type: 'json' };
import disconnected from '../../schema/events/disconnected.schema.json' with { type: 'json' };
import error from '../../schema/events/error.schema.json' with { type: 'json' };
import health from '../../schema/events/health.schema.json' with { type: 'json' };
import progress from '../../schema/events/progress.schema.json' with { type: 'json' };
import question from '../../schema/events/question.schema.json' with { type: 'json' };
import rollback from '../../schema/events/rollback.schema.json' with { type: 'json' };
import runEnd from '../../schema/events/run-end.schema.json' with { type: 'json' };
import runStart from '../../schema/events/run-start.schema.json' with { type: 'json' };
import state from '../../schema/events/state.schema.json' with { type: 'json' };
import stepEnd from '../../schema/events/step-end.schema.json' with { type: 'json' };
import stepStart from '../../schema/events/step-start.schema.json' with { type: 'json' };
import transferEnd from '../../schema/events/transfer-end.schema.json' with { type: 'json' };
import transferProgress from '../../schema/events/transfer-progress.schema.json' with { type: 'json' };
import transferStart from '../../schema/events/transfer-start.schema.json' with { type: 'json' };
import warning from '../../schema/events/warning.schema.json' with { type: 'json' };

const EVENT_SCHEMAS: Record<string, { $id: string }> = {
  command,
  'confirm-request': confirmRequest,
  'confirm-response': confirmResponse,
  connected,
  connecting,
  'console-line': consoleLine,
  decision,
  disconnected,
  error,
  health,
  progress,
  question,
  rollback,
  'run-end': runEnd,
  'run-start': runStart,
  state,
  'step-end': stepEnd,
  'step-start': stepStart,
  'transfer-end': transferEnd,
  'transfer-progress': transferProgress,
  'transfer-start': transferStart,
  warning,
};

/** RFC 3339 as hitless writes it (Date#toISOString), and a date that exists. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

let validators: Map<string, ValidateFunction> | undefined;

function validatorOf(type: string): ValidateFunction | undefined {
  if (!validators) {
    const ajv = new Ajv({ allErrors: false, strict: false });
    ajv.addFormat('date-time', (text: string) => TIMESTAMP.test(text) && Number.isFinite(Date.parse(text)));
    ajv.addSchema(commonSchema);
    for (const schema of Object.values(EVENT_SCHEMAS)) ajv.addSchema(schema);
    validators = new Map(Object.entries(EVENT_SCHEMAS).map(([name, schema]) => [name, ajv.getSchema(schema.$id)!]));
  }
  return Object.hasOwn(EVENT_SCHEMAS, type) ? validators.get(type) : undefined;
}

function complaintOf(error: ErrorObject): string {
  const where = error.instancePath.slice(1).replaceAll('/', '.');
  const field = (name: string) => (where ? `${where}.${name}` : name);
  if (error.keyword === 'required') return `"${field(String(error.params.missingProperty))}" is missing`;
  if (error.keyword === 'additionalProperties') return `unknown field "${field(String(error.params.additionalProperty))}"`;
  if (error.keyword === 'enum') return `"${where}" must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  if (error.keyword === 'format') return `"${where}" is not a date and time like 2026-11-25T17:26:22.000Z`;
  return `"${where || 'the event'}" ${error.message}`;
}

const kindOf = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value);

/** What is wrong with `value` as a hitless/1 event, or undefined when it is one. */
export function eventComplaint(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `expected an event object, got ${kindOf(value)}`;
  const { type } = value as { type?: unknown };
  if (typeof type !== 'string') return `"type" must be an event type, got ${kindOf(type)}`;
  const validate = validatorOf(type);
  if (!validate) return `"type" ${JSON.stringify(type.slice(0, 40))} is not a hitless/1 event type`;
  const [error] = validate(value) ? [] : (validate.errors ?? []);
  return error && complaintOf(error);
}
