// `show version images` -> InstalledImage[] (docs/exos-cli.md §4.6). Rows are not column-aligned, so each is split
// on whitespace: <card> <partition> <installation date: 6 tokens, timezone may be "___"> <version> <name> [<branch>].
import type { InstalledImage } from './chassisState.js';
import { clip, outputLines } from './outputLines.js';
import { notParsed, parsed, type ParseResult } from './parseResult.js';
import { withSwitchError } from './switchErrors.js';

const PARTITION = /^(?:primary|secondary)$/;
const FOUR_PART_VERSION = /^\d+\.\d+\.\d+\.\d+$/;
/** An image file name as EXOS stores it: a damaged one (noise bytes in it) makes the row unreadable. */
const INSTALLED_FILE = /^[A-Za-z0-9][\w.-]*\.(?:xos|xmod)$/;
/** <card> <partition> <Www Mmm dd hh:mm:ss> <tz> <yyyy> <version>: the version is the ninth field. */
const VERSION_AT = 8;

/** One row, or undefined when it has a card and partition but no version followed by an .xos/.xmod name. */
function readRow(tokens: string[]): InstalledImage | undefined {
  const [card, partition] = tokens as [string, 'primary' | 'secondary'];
  // The Version column follows the six tokens of the date (five if a switch leaves out the timezone). Looking further
  // would read a version from another row when a damaged line break joined two rows into one.
  const versionAt = [VERSION_AT, VERSION_AT - 1].find((index) => FOUR_PART_VERSION.test(tokens[index] ?? '')) ?? -1;
  const name = tokens[versionAt + 1];
  if (versionAt === -1 || name === undefined || !INSTALLED_FILE.test(name) || tokens.length > versionAt + 3) return undefined;
  const image: InstalledImage = { card, partition, version: tokens[versionAt]!, name };
  const slot = /^MSM-([AB])$/.exec(card)?.[1];
  if (slot === 'A' || slot === 'B') image.slot = slot;
  const branch = tokens[versionAt + 2];
  if (branch !== undefined) image.branch = branch;
  return image;
}

export function parseShowVersionImages(text: string): ParseResult<InstalledImage[]> {
  const images: InstalledImage[] = [];
  for (const line of outputLines(text)) {
    const tokens = line.trim().split(/\s+/);
    if (!PARTITION.test(tokens[1] ?? '')) continue;
    const image = readRow(tokens);
    if (!image) return notParsed(`cannot read the "show version images" row "${clip(line)}"`);
    images.push(image);
  }
  if (images.length === 0) return notParsed(withSwitchError('"show version images" listed no images', text));
  return parsed(images);
}
