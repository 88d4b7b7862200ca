// Image file names (docs/exos-cli.md §10) and the CLI's SRC argument. The SRC text ends up inside a switch command
// line, so anything that the EXOS CLI would treat specially is rejected here rather than quoted.
import { isIPv4, isIPv6 } from 'node:net';
import type { ImageVersion } from './chassisState.js';
import type { ImageFile, ImageSource } from './imageSource.js';
import { notParsed, parsed, type ParseResult } from './parseResult.js';

export type ImageFileName = Omit<ImageFile, 'source'>;

// <prefix>-<maj>.<min>.<patch>.<build>[-patchN-M][-<module>].<xos|xmod|lst>; prefix parts start with a letter.
const IMAGE_FILE_NAME =
  /^([A-Za-z]\w*(?:-[A-Za-z]\w*)*)-(\d+\.\d+\.\d+\.\d+)(?:-(patch\d+-\d+))?(?:-([A-Za-z][\w-]*))?\.(xos|xmod|lst)$/;

const URL_SCHEMES = ['tftp', 'http', 'https', 'ftp'] as const;
const URL_START = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;
const HOSTNAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const DOTTED_NUMBERS = /^[\d.]+$/;

/** Characters that would end, split, quote or trigger help/completion on the EXOS command line. */
const UNSAFE_CHARACTER = /[^\x21-\x7e]|["'`;|?\\]/;

function describeCharacter(character: string): string {
  if (character === ' ') return 'a space';
  if (character === '\n' || character === '\r') return 'a line break';
  const code = character.codePointAt(0) ?? 0;
  return code < 0x20 || code > 0x7e ? `the character U+${code.toString(16).toUpperCase().padStart(4, '0')}` : `"${character}"`;
}

export function parseImageFileName(name: string): ParseResult<ImageFileName> {
  const match = IMAGE_FILE_NAME.exec(name);
  if (!match) {
    if (!/\.(?:xos|xmod|lst)$/.test(name)) return notParsed(`"${name}" is not an image file: the name must end in .xos, .xmod or .lst`);
    return notParsed(`"${name}" does not look like <platform>-<a.b.c.d>[-patchN-M][-module].<ext>, e.g. bd8800-15.3.1.4.xos`);
  }
  const [, prefix, bareVersion, patch, module, extension] = match;
  const kind = extension as ImageFileName['kind'];
  if (kind === 'xmod' && module === undefined) return notParsed(`"${name}" is an .xmod without a module name (e.g. -ssh.xmod)`);
  if (kind === 'xos' && module !== undefined) return notParsed(`"${name}": an .xos core image carries no module name ("-${module}")`);
  const version: ImageVersion = patch ? { version: bareVersion, patch } : { version: bareVersion };
  // For a .lst bundle the suffix (e.g. "vpex_controlling_bridge") is kept in `module` as the bundle's name.
  return parsed(module === undefined ? { prefix, version, kind } : { prefix, version, kind, module });
}

function parseHost(host: string): ParseResult<string> {
  if (host.startsWith('[')) {
    const inner = host.endsWith(']') ? host.slice(1, -1) : '';
    return isIPv6(inner) ? parsed(inner) : notParsed(`"${host}" is not a bracketed IPv6 address like [2001:db8::1]`);
  }
  if (isIPv4(host)) return parsed(host);
  if (DOTTED_NUMBERS.test(host)) return notParsed(`"${host}" is not a valid IPv4 address`);
  return HOSTNAME.test(host) ? parsed(host) : notParsed(`"${host}" is not a valid host name or IP address`);
}

function parseUrlSource(spec: string, scheme: string): ParseResult<ImageSource> {
  if (!(URL_SCHEMES as readonly string[]).includes(scheme.toLowerCase())) {
    return notParsed(`unsupported URL scheme "${scheme}": use ${URL_SCHEMES.map((s) => `${s}://`).join(', ')} or HOST:FILE`);
  }
  if (spec.slice(scheme.length + 3).startsWith('/')) return notParsed(`the URL "${spec}" names no server`);
  let url: URL;
  try {
    url = new URL(spec);
  } catch {
    return notParsed(`"${spec}" is not a valid URL`);
  }
  const file = url.pathname.split('/').pop() ?? '';
  if (file === '') return notParsed(`the URL "${spec}" does not end in an image file name`);
  return parsed({ kind: 'url', url: spec, file });
}

function parseHostSource(spec: string): ParseResult<ImageSource> {
  // "[v6]:file" splits after the bracket; otherwise at the first colon (host names and IPv4 have none).
  const split = spec.startsWith('[') ? spec.indexOf(']:') + 1 : spec.indexOf(':');
  if (split <= 0) return notParsed(`"${spec}" is neither HOST:FILE nor a tftp/http/https/ftp URL`);
  const bareIPv6 = spec.slice(0, spec.lastIndexOf(':'));
  // Every IPv6 address has a colon; the test spares the common HOST:FILE node's IPv6 regex (~4 ms at its first use).
  if (!spec.startsWith('[') && bareIPv6.includes(':') && isIPv6(bareIPv6)) return notParsed(`write an IPv6 host in brackets: [${bareIPv6}]:FILE`);
  const host = parseHost(spec.slice(0, split));
  if (!host.ok) return host;
  const file = spec.slice(split + 1);
  if (file === '') return notParsed(`"${spec}" names no file after the colon`);
  return parsed({ kind: 'host', host: host.value, file });
}

/** `scheme://USER[:PASSWORD]@`: the user (and password, if the URL carries one) of a URL image source. */
const URL_CREDENTIALS = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/)([^\s:/@]+)(:[^\s/]*)?@/;

/** Every byte but unreserved URL characters as %XX: the password reaches the switch CLI whole, with nothing it treats specially. */
export const percentEncoded = (text: string): string =>
  [...new TextEncoder().encode(text)]
    .map((byte) => (/[A-Za-z0-9._~-]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`))
    .join('');

/** Whether the URL holds a password (`scheme://USER:PASSWORD@...`). */
export const urlCarriesPassword = (url: string): boolean => URL_CREDENTIALS.exec(url)?.[3] !== undefined;

/**
 * The URL with `password` given to the user it names; undefined when it names no user (nothing to give it to).
 * A URL that already carries a password is refused: the password would be on the command line.
 */
export function urlWithPassword(url: string, password: string): ParseResult<string | undefined> {
  const match = URL_CREDENTIALS.exec(url);
  if (!match) return parsed(undefined);
  if (urlCarriesPassword(url)) return notParsed('the URL already carries a password; give only the user (scheme://USER@host/file)');
  return parsed(`${match[1]}${match[2]}:${percentEncoded(password)}@${url.slice(match[0].length)}`);
}

/** `memorycard:FILE` and `switch:FILE` name a file the switch already holds: a bare name, no directory. */
const ON_SWITCH = /^(memorycard|switch):(.*)$/;

function parseOnSwitchSource(kind: 'memorycard' | 'switch', file: string): ParseResult<ImageSource> {
  if (file === '') return notParsed(`"${kind}:" names no file`);
  if (file.includes('/')) return notParsed(`"${kind}:${file}": give the bare file name, as \`ls${kind === 'memorycard' ? ' memorycard' : ''}\` lists it`);
  return parsed({ kind, file });
}

/** `./FILE`, `../FILE`, `/path/FILE`, `~/FILE`: a file on the operator's machine; only its base name reaches the switch. */
const LOCAL_PATH = /^(?:\.{1,2}\/|\/|~\/)/;

const localSource = (path: string): ImageSource => ({ kind: 'switch', file: path.split('/').pop() ?? '', pushedFrom: path });

/**
 * The SRC argument: `HOST:FILE` (host = IPv4, host name or [IPv6]; FILE may hold slashes), a URL, `memorycard:FILE`
 * (on the switch's memory card), `switch:FILE` (already in the switch's file system, downloaded earlier) or a path on
 * the operator's machine (./FILE, ../FILE, /FILE, ~/FILE), pushed to the switch and then installed like `switch:FILE`.
 */
export function parseImageSource(spec: string): ParseResult<ImageFile> {
  if (spec === '') return notParsed('the image source is empty: give HOST:FILE, a URL, memorycard:FILE, switch:FILE or ./FILE');
  // Of a local path only the file name reaches the switch CLI: the folders may hold anything.
  const local = LOCAL_PATH.test(spec) ? localSource(spec) : undefined;
  const unsafe = UNSAFE_CHARACTER.exec(local?.file ?? spec)?.[0];
  if (unsafe !== undefined) {
    return notParsed(`the image source contains ${describeCharacter(unsafe)}, which cannot be passed safely to the switch CLI`);
  }
  if (local) return withFileName(local);
  const scheme = URL_START.exec(spec)?.[1];
  const onSwitch = ON_SWITCH.exec(spec);
  const source = onSwitch
    ? parseOnSwitchSource(onSwitch[1] as 'memorycard' | 'switch', onSwitch[2]!)
    : scheme === undefined
      ? parseHostSource(spec)
      : parseUrlSource(spec, scheme);
  if (!source.ok) return source;
  return withFileName(source.value);
}

/** The image a source names, from its file's base name (which is what reaches the switch CLI, checked by the pattern). */
function withFileName(source: ImageSource): ParseResult<ImageFile> {
  const name = parseImageFileName(source.file.split('/').pop() ?? '');
  if (!name.ok) return name;
  return parsed({ source, ...name.value });
}

/**
 * Whether an .xmod can run with a core image: same four-part version (Extreme: "Can run only with the core image
 * named: summitX-21.1.1.4.xos"), and the same patch tag when both name one. A missing tag on either side is
 * accepted, because `show switch` prints a patch only for the booted partition (docs/exos-cli.md §2.4) so a core's
 * tag is often unknown, and base-release modules are named without one.
 */
export function xmodMatchesCore(core: ImageVersion, xmod: ImageVersion): boolean {
  if (core.version !== xmod.version) return false;
  return core.patch === undefined || xmod.patch === undefined || core.patch === xmod.patch;
}
