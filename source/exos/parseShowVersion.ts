// `show version` -> ShowVersion (docs/exos-cli.md §9): the running image, its branch token, and one row per
// hardware unit (Switch, Chassis, Slot-N, MSM-A/B) with part number, serial, BootROM and image.
import type { ImageVersion, MsmSlot } from './chassisState.js';
import { clip, outputLines } from './outputLines.js';
import { notParsed, parsed, type ParseResult } from './parseResult.js';
import { withSwitchError } from './switchErrors.js';

export interface ShowVersionUnit {
  /** Row name as printed: "Switch", "Chassis", "Slot-2", "MSM-A". */
  name: string;
  slot?: MsmSlot;
  partNumber?: string;
  serial?: string;
  revision?: string;
  bootrom?: string;
  /** The `IMG:` field: the bare version this unit runs. */
  image?: string;
}

export interface ShowVersion {
  /** Version and patch of the running image, from the `Image :` line. */
  image: ImageVersion;
  /** The build token after the version, e.g. "v1531b4-patch1-19" or "30.6.1.11-patch1-11"; absent on some builds. */
  branch?: string;
  /** The `BootROM :` line (missing on some 22.x hardware). */
  bootrom?: string;
  /** Hardware rows in output order; an empty row (`Slot-3      :`) has only its name. */
  units: ShowVersionUnit[];
}

const UNIT_ROW = /^(Switch|Chassis|Slot-\d+|MSM-[AB])\s*:(.*)$/;
// Up to "by", so that a line cut off inside the version or branch is not read as a shorter one.
const IMAGE_LINE = /^Image\s*:\s*Extreme(?:XOS|Ware XOS) version\s+(\S+)\s+(?:(\S+)\s+)?by\b/;
const BOOTROM_LINE = /^BootROM\s*:\s*(\S+)/;
const FOUR_PART_VERSION = /^\d+\.\d+\.\d+\.\d+$/;
/** A build token is letters, digits, `.`, `_` and `-`: anything else is damage, and a damaged one hides the patch. */
const BRANCH_TOKEN = /^[\w.-]+$/;
const PATCH_SUFFIX = /(patch\d+-\d+)$/;
const UNIT_KEYWORD = /^(?:Rev|BootROM:|IMG:)$/;
/** Another row's label inside a row: a line break was lost, and the fields after it belong to the other unit. */
const ANOTHER_ROW_LABEL = /(?:Switch|Chassis|Slot-\d+|MSM-[AB]|PSU-\d+)\s*:/;

function unitFrom(name: string, value: string): ShowVersionUnit {
  const unit: ShowVersionUnit = { name };
  const slot = /^MSM-([AB])$/.exec(name)?.[1];
  if (slot === 'A' || slot === 'B') unit.slot = slot;
  if (ANOTHER_ROW_LABEL.test(value)) return unit;
  const tokens = value.trim().split(/\s+/).filter((token) => token !== '');
  const firstKeyword = tokens.findIndex((token) => UNIT_KEYWORD.test(token));
  const [partNumber, serial] = firstKeyword === -1 ? tokens : tokens.slice(0, firstKeyword);
  if (partNumber) unit.partNumber = partNumber.replace(/^PN:/, '');
  if (serial) unit.serial = serial.replace(/^SN:/, '');
  const field = (pattern: RegExp) => pattern.exec(value)?.[1];
  const revision = field(/\bRev\s+(\S+)/);
  const bootrom = field(/BootROM:\s*(\S+)/);
  const image = field(/IMG:\s*(\S+)/);
  if (revision) unit.revision = revision;
  if (bootrom) unit.bootrom = bootrom;
  // A damaged version is no claim at all.
  if (image && FOUR_PART_VERSION.test(image)) unit.image = image;
  return unit;
}

export function parseShowVersion(text: string): ParseResult<ShowVersion> {
  const lines = outputLines(text);
  const imageMatch = lines.map((line) => IMAGE_LINE.exec(line)).find((match) => match !== null);
  if (!imageMatch) return notParsed(withSwitchError('no complete "Image : ExtremeXOS version ... by ..." line in "show version"', text));
  const version = imageMatch[1]!;
  if (!FOUR_PART_VERSION.test(version)) return notParsed(`"show version" names an unreadable image version "${version}"`);
  const branch = imageMatch[2];
  if (branch !== undefined && !BRANCH_TOKEN.test(branch)) return notParsed(`"show version" names an unreadable build "${clip(branch)}"`);
  const patch = branch === undefined ? undefined : PATCH_SUFFIX.exec(branch)?.[1];

  const result: ShowVersion = { image: patch ? { version, patch } : { version }, units: [] };
  if (branch) result.branch = branch;
  const bootrom = lines.map((line) => BOOTROM_LINE.exec(line)?.[1]).find((value) => value !== undefined);
  if (bootrom) result.bootrom = bootrom;
  for (const line of lines) {
    const unitRow = UNIT_ROW.exec(line);
    if (unitRow) result.units.push(unitFrom(unitRow[1]!, unitRow[2]!));
  }
  return parsed(result);
}
