// `show ports no-refresh` on the two real captures (ntc-templates, docs/exos-cli.md §11.1) and what it refuses.
import { describe, expect, it } from 'vitest';
import type { PortStatus } from '../../source/exos/healthState.js';
import { parseShowPortsNoRefresh } from '../../source/exos/parseShowPorts.js';
import { loadSample } from './samples.js';

const ports = (text: string): PortStatus[] => {
  const parsed = parseShowPortsNoRefresh(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.value;
};

describe('parseShowPortsNoRefresh', () => {
  it('reads the standalone capture: Active rows with speed and duplex, Ready rows, a Disabled port', () => {
    expect(ports(loadSample('show_ports_no-refresh_standalone_ntc.raw'))).toEqual([
      { port: '1', displayString: 'Uplink', vlan: '(0004)', portState: 'E', linkState: 'A', speed: '1000', duplex: 'FULL' },
      { port: '2', displayString: 'Precense-HUB', vlan: 'IOT', portState: 'E', linkState: 'A', speed: '10', duplex: 'HALF' },
      { port: '3', displayString: 'KontorPC', vlan: 'INTERN', portState: 'E', linkState: 'A', speed: '1000', duplex: 'FULL' },
      { port: '4', displayString: 'Kontor-AP', vlan: '(0004)', portState: 'E', linkState: 'A', speed: '1000', duplex: 'FULL' },
      { port: '5', displayString: 'SvensVMHost', vlan: 'INTERN', portState: 'E', linkState: 'R' },
      { port: '6', displayString: 'Verishure-HUB', vlan: 'IOT', portState: 'E', linkState: 'A', speed: '100', duplex: 'FULL' },
      { port: '7', displayString: 'Ragnar', vlan: 'IOT', portState: 'E', linkState: 'A', speed: '100', duplex: 'FULL' },
      { port: '8', vlan: '(0002)', portState: 'E', linkState: 'R' },
      { port: '9', vlan: 'Default', portState: 'E', linkState: 'R' },
      { port: '10', vlan: 'Default', portState: 'E', linkState: 'R' },
      { port: '11', portState: 'D', linkState: 'R' },
      { port: '12', vlan: 'Default', portState: 'E', linkState: 'R' },
    ] satisfies PortStatus[]);
  });

  it('reads the stack capture: slot:port names, NP ports, every row', () => {
    const stack = ports(loadSample('show_ports_no-refresh_stack_ntc.raw'));
    expect(stack).toHaveLength(56);
    expect(stack.filter((port) => port.linkState === 'A').map((port) => `${port.port} ${port.displayString ?? ''}`)).toEqual([
      '1:5 JCB-kontorpult', '1:13 TV-2', '1:14 TV-1', '1:15 TV-3', '1:17 Haivision-IPTV', '1:24 ', '2:19 AP-operations', '2:24 ',
    ]);
    expect(stack.find((port) => port.port === '2:28')).toEqual({ port: '2:28', portState: 'D', linkState: 'NP' });
    expect(stack.find((port) => port.port === '1:17')).toEqual({
      port: '1:17', displayString: 'Haivision-IPTV', vlan: 'DE-IPTV', portState: 'E', linkState: 'A', speed: '100', duplex: 'FULL',
    });
  });

  it('reads the same with CRLF, the echoed command and the prompt around it', () => {
    const text = loadSample('show_ports_no-refresh_standalone_ntc.raw');
    const wrapped = `show ports no-refresh\r\n${text.replace(/\n/g, '\r\n')}X440G2.4 # `;
    expect(ports(wrapped)).toEqual(ports(text));
  });

  const sample = () => loadSample('show_ports_no-refresh_standalone_ntc.raw');
  it.each([
    ['the monitor\'s error instead of the table', "show ports no-refresh\n%% Invalid input detected at '^' marker.\n", /no "Port Display VLAN Name \.\.\." header.*the switch said/],
    ['output cut off before the closing rule', sample().split('\n').slice(0, 9).join('\n'), /cut off/],
    ['a row whose link state is unknown', sample().replace('E     A      10     HALF', 'E     X      10     HALF'), /cannot read the "show ports no-refresh" row "2 /],
    ['a display string that runs into the VLAN column', sample().replace('Precense-HUB         IOT', 'Precense-HUB-and-more-IOT'), /cannot read/],
    ['a port listed twice', sample().replace('3        KontorPC', '2        KontorPC'), /lists port 2 twice/],
  ])('refuses %s', (_, text, reason) => {
    const parsed = parseShowPortsNoRefresh(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(reason);
  });
});
