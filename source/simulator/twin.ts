// A twin of a real chassis for a rehearsal: the simulated chassis a `hitless status --json` document (schema/
// status.schema.json, hitless/1) describes — system name, MSM roles, partitions, releases, .xmods, I/O modules and
// ports. It reads the document, never switch text; the schema decides what a readable document is.
import { readFileSync } from 'node:fs';
import { EXIT, fileError, HitlessError, usageError } from '../errors.js';
import commonSchema from '../../schema/common.schema.json' with { type: 'json' };
import statusSchema from '../../schema/status.schema.json' with { type: 'json' };
import type { ChassisHardware, IoModule, LinkState, PortModel } from './ioModules.js';
import {
  ANY_IMAGE_HOST,
  IO_IMAGE,
  NO_FAULTS,
  type ChassisSpec,
  type MsmSlot,
  type MsmSpec,
  type Partition,
  type PartitionSpec,
} from './scenarios.js';

const SCHEMA = 'hitless/1';
const MSM_SLOTS: MsmSlot[] = ['A', 'B'];
const DEFAULT_MSM_TYPE = 'MSM-48c';

/** The parts of a hitless/1 status document a twin is built from (the schema holds the rest). */
interface StatusDocument {
  schema: string;
  hitlessApplies: boolean;
  reason?: string;
  sysName?: string;
  systemType?: string;
  msms: Array<{ name: string; slot?: MsmSlot; role: string; state: string; inSync?: boolean; selected?: Partition; booted?: Partition }>;
  images?: Array<{ slot?: MsmSlot; partition: Partition; name: string }>;
  slots?: Array<{ name: string; slotNumber?: number; msm?: MsmSlot; type?: string; state: string }>;
  ports?: Array<{ port: string; displayString?: string; vlan?: string; portState: string; linkState: string; speed?: string }>;
}

/** A twin: the chassis, and where it was read from (for the banner of `hitless simulate --from`). */
export interface Twin {
  chassis: ChassisSpec;
  file: string;
}

async function schemaComplaint(document: unknown): Promise<string | undefined> {
  // Loaded on demand: only a twin needs a JSON Schema validator. Taken from the CommonJS module's exports object, the
  // one thing Node, tsx and a split bundle's chunk all give as the default export.
  const { Ajv } = (await import('ajv')).default;
  const validate = new Ajv({ allErrors: false, strict: false, validateFormats: false }).addSchema(commonSchema).compile(statusSchema);
  if (validate(document)) return undefined;
  const [error] = validate.errors ?? [];
  return error ? `${error.instancePath || 'the document'} ${error.message}` : 'it does not match schema/status.schema.json';
}

/** The document, checked: hitless/1, valid, and from a dual-MSM chassis with both MSMs up and one of them master. */
async function readDocument(file: string): Promise<StatusDocument> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw fileError('read the status document', file, error);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw usageError(`${file} is not JSON: expected the output of hitless status --json`);
  }
  const schema = (document as { schema?: unknown } | null)?.schema;
  if (schema !== SCHEMA) {
    throw usageError(`${file} is not a ${SCHEMA} status document (schema ${JSON.stringify(schema) ?? 'missing'}): expected the output of hitless status --json`);
  }
  const complaint = await schemaComplaint(document);
  if (complaint) throw usageError(`${file} is not a valid ${SCHEMA} status document: ${complaint}`);
  return document as StatusDocument;
}

function refused(file: string, reason: string): HitlessError {
  return new HitlessError('precondition', `no twin from ${file}: ${reason}`, EXIT.precondition);
}

function msmSpecs(file: string, document: StatusDocument): { master: MsmSlot; msm: Record<MsmSlot, MsmSpec> } {
  const images = document.images;
  if (!images) throw refused(file, 'it lists no images (take it with hitless status --json of this release)');
  const partition = (slot: MsmSlot, which: Partition): PartitionSpec => {
    const files = images.filter((image) => image.slot === slot && image.partition === which).map((image) => image.name);
    const core = files.find((name) => name.endsWith('.xos'));
    return { ...(core && { core: { file: core, ioImageVersion: IO_IMAGE } }), xmods: files.filter((name) => name.endsWith('.xmod')) };
  };
  const specOf = (slot: MsmSlot): MsmSpec => {
    const msm = document.msms.find((candidate) => candidate.slot === slot)!;
    if (msm.role === 'not-ready') throw refused(file, `${msm.name} is ${msm.state}; a twin starts with both MSMs up`);
    if (!msm.booted || !msm.selected) throw refused(file, `${msm.name}'s selected and booted partitions are not known`);
    const spec: MsmSpec = { selected: msm.selected, booted: msm.booted, primary: partition(slot, 'primary'), secondary: partition(slot, 'secondary') };
    if (!spec[msm.booted].core) throw refused(file, `no .xos image is listed on ${msm.name}'s booted ${msm.booted} partition`);
    return spec;
  };
  const msm = { A: specOf('A'), B: specOf('B') };
  const master = MSM_SLOTS.find((slot) => document.msms.find((candidate) => candidate.slot === slot)?.role === 'master');
  if (!master) throw refused(file, 'neither MSM is MASTER');
  return { master, msm };
}

const LINKS_AS_SHOWN: readonly string[] = ['A', 'R', 'NP'] satisfies LinkState[];

function hardwareOf(file: string, document: StatusDocument): ChassisHardware {
  const { slots, ports } = document;
  if (!slots || !ports) throw refused(file, 'it lists no slots and ports (take it with hitless status --json of this release)');
  const portsOn = (slot: number): PortModel[] =>
    ports
      .filter((port) => port.port.startsWith(`${slot}:`))
      .map((port) => ({
        id: port.port,
        displayString: port.displayString ?? '',
        vlan: port.vlan ?? '',
        enabled: port.portState === 'E',
        // Loopback, ELSM, OAM and MACsec states are not simulated: such a port shows Ready.
        link: (LINKS_AS_SHOWN.includes(port.linkState) ? port.linkState : 'R') as LinkState,
        speed: Number(port.speed ?? 0),
      }));
  const modules = slots.flatMap((slot): IoModule[] =>
    slot.slotNumber !== undefined && slot.type !== undefined && slot.state !== 'Empty'
      ? [{ slot: slot.slotNumber, type: slot.type, state: slot.state === 'Operational' ? 'Operational' : 'Failed', ports: portsOn(slot.slotNumber) }]
      : [],
  );
  return {
    slots: slots.flatMap((slot) => slot.msm ?? slot.slotNumber ?? []),
    msmType: slots.find((slot) => slot.msm !== undefined && slot.type !== undefined)?.type ?? DEFAULT_MSM_TYPE,
    modules,
  };
}

/** Reads `file` and builds its twin; a document hitless cannot rehearse on is refused with the reason (exit 2 or 3). */
export async function loadTwin(file: string): Promise<Twin> {
  const document = await readDocument(file);
  if (!document.hitlessApplies) throw refused(file, document.reason ?? 'not a dual-MSM chassis');
  const named = MSM_SLOTS.filter((slot) => document.msms.some((msm) => msm.slot === slot));
  if (named.length !== 2) throw refused(file, 'it does not list both MSM-A and MSM-B');
  const backup = document.msms.find((msm) => msm.role === 'backup');
  return {
    file,
    chassis: {
      sysName: document.sysName ?? 'twin',
      systemType: document.systemType ?? 'BD-8810',
      initial: msmSpecs(file, document),
      imageHost: ANY_IMAGE_HOST,
      images: { cores: [], xmods: [] },
      hardware: hardwareOf(file, document),
      // A backup that is not In Sync on the real chassis stays so on its twin: the rehearsal meets the same refusal.
      faults: { ...NO_FAULTS, backupNeverSyncs: backup !== undefined && backup.inSync !== true },
      transferScale: 1,
    },
  };
}
