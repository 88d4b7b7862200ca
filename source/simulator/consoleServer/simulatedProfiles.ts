// How each simulated console-server product selects a port from the SSH username, draws its port menu and takes a
// BREAK. Written from the products' manuals (see source/console/consoleProfiles.ts for the sources), independently
// of the client table, so a wrong username there fails the tests. Menu layouts are our reconstruction [R].

export type SimulatedProfileName = 'opengear' | 'avocent' | 'generic';

export interface SimulatedProfile {
  /** Username selecting a serial port: groups `user` and `port`; the port number is `port` minus `portOffset`. */
  portUsername: RegExp;
  portOffset: number;
  /** Username that gets the port menu: group `user`. */
  menuUsername: RegExp;
  menu: {
    header: string[];
    /** `{n}` and `{label}` are replaced. */
    entry: string;
    entriesPerLine: number;
    columnWidth: number;
    prompt: string;
    invalidChoice: string;
  };
  breakSequence?: string;
}

export const SIMULATED_PROFILES: Readonly<Record<SimulatedProfileName, SimulatedProfile>> = {
  opengear: {
    portUsername: /^(?<user>[^:]+):port(?<port>\d\d)$/,
    portOffset: 0,
    menuUsername: /^(?<user>[^:]+):serial$/,
    menu: { header: [''], entry: '{n}: {label}', entriesPerLine: 2, columnWidth: 28, prompt: 'Connect to port > ', invalidChoice: 'Invalid port' },
    breakSequence: '~b',
  },
  avocent: {
    portUsername: /^(?<user>[^:]+):(?<port>7\d{3})$/,
    portOffset: 7000,
    menuUsername: /^(?<user>[^:+]+)$/,
    menu: { header: ['', 'Serial ports:'], entry: '{n}) {label}', entriesPerLine: 1, columnWidth: 0, prompt: 'Enter port number: ', invalidChoice: 'No such port.' },
    breakSequence: '~break',
  },
  generic: {
    portUsername: /^(?<user>[^+]+)\+port(?<port>\d+)$/,
    portOffset: 0,
    menuUsername: /^(?<user>[^:+]+)$/,
    menu: { header: ['Select a port:'], entry: '  [{n}] {label}', entriesPerLine: 1, columnWidth: 0, prompt: 'Choice: ', invalidChoice: 'Invalid choice.' },
  },
};

export interface PortLabel {
  port: number;
  label: string;
}

export function renderMenu(profile: SimulatedProfile, ports: readonly PortLabel[]): string {
  const { header, entry, entriesPerLine, columnWidth, prompt } = profile.menu;
  const cells = ports.map(({ port, label }) => entry.replace('{n}', String(port)).replace('{label}', label));
  const rows: string[] = [];
  for (let i = 0; i < cells.length; i += entriesPerLine) {
    rows.push(cells.slice(i, i + entriesPerLine).map((cell, j, row) => (j < row.length - 1 ? cell.padEnd(columnWidth) : cell)).join(''));
  }
  return [...header, ...rows, ''].map((line) => `${line}\r\n`).join('') + prompt;
}
