// How each console-server product selects a serial port over SSH and sends a BREAK, as data. hitless only builds
// usernames and recognises menus from this table; adding a product means adding a row.
//
// Sources:
// - Opengear (CM7100 / ACM7000 user manual, ch. 3 "Serial port ... configuration", console server mode,
//   https://manualshive.com/en/manual/opengear/acm7000/1639964?page=32): SSH username `<username>:<portXX>`
//   (e.g. `chris:port02`, also `chris:ttyS1` or a port label) on port 22; `<username>:serial` presents the port
//   selection menu; direct SSH to a port on TCP 3000 + port number; in pmshell `~b` generates a BREAK (typed `~~b`
//   only through OpenSSH, whose own escape eats one `~`; ssh2 has no escape layer).
// - Avocent/Cyclades ACS (AlterPath ACS manual, "Session channel break extension", manualslib 1310275 p. 372):
//   `ssh -l <user>:<socket_port> <ACS IP>`, socket ports start at 7001 for serial port 1 (DSView ACS plug-in notes);
//   the server sends a BREAK when it finds `all.break_sequence` in the data, `~break` by default.
// - generic: `user+portN`, no BREAK sequence; for console servers configured that way (no vendor source).
// Menu prompts: the products print their own menus; the patterns below are deliberately loose [R].

export type ConsoleProfileName = 'opengear' | 'avocent' | 'generic';

export interface PortUsername {
  /** `{user}` and `{port}` are replaced; `{port}` is the serial port number plus `offset`, zero-padded to `pad` digits. */
  template: string;
  offset: number;
  pad: number;
}

export interface ConsoleProfile {
  name: ConsoleProfileName;
  /** SSH username that connects straight to serial port N. */
  portUsername: PortUsername;
  /** SSH username that shows the port menu. */
  menuUsername: string;
  /** The last line of the port menu, waiting for a choice. */
  menuPrompt: RegExp;
  /** Bytes that make the console server send a BREAK on the serial line; undefined: the product has none hitless knows. */
  breakSequence?: string;
}

export const CONSOLE_PROFILES: Readonly<Record<ConsoleProfileName, ConsoleProfile>> = {
  opengear: {
    name: 'opengear',
    portUsername: { template: '{user}:port{port}', offset: 0, pad: 2 },
    menuUsername: '{user}:serial',
    menuPrompt: /(?:connect to port|port)\b[^\n]*[>:]\s*$/i,
    breakSequence: '~b',
  },
  avocent: {
    name: 'avocent',
    portUsername: { template: '{user}:{port}', offset: 7000, pad: 0 },
    menuUsername: '{user}',
    menuPrompt: /(?:port|selection|choice)\b[^\n]*[>:]\s*$/i,
    breakSequence: '~break',
  },
  generic: {
    name: 'generic',
    portUsername: { template: '{user}+port{port}', offset: 0, pad: 0 },
    menuUsername: '{user}',
    menuPrompt: /(?:port|selection|choice|option)\b[^\n]*[>:?]\s*$/i,
  },
};

export const isConsoleProfileName = (name: string): name is ConsoleProfileName => Object.hasOwn(CONSOLE_PROFILES, name);

export function portUsername(profile: ConsoleProfile, user: string, port: number): string {
  const { template, offset, pad } = profile.portUsername;
  return template.replace('{user}', user).replace('{port}', String(port + offset).padStart(pad, '0'));
}

export const menuUsername = (profile: ConsoleProfile, user: string): string => profile.menuUsername.replace('{user}', user);
