// `show configuration`: a small running configuration in EXOS's module-by-module layout [G: no capture exists], with
// the secrets a copy must never keep in clear (an SNMP community, an encrypted account password) so redaction is tested.
import type { ChassisModel } from '../chassisModel.js';

export const SIMULATED_COMMUNITY = 'n0c-r3ad-0nly';
export const SIMULATED_PASSWORD_HASH = '$5$tN6fNq$zUoxfRwQkqE2V3b1yT9ZkQnLhM8cGxPsdA1jEw0rXy3';

const moduleHeader = (name: string): string[] => ['#', `# Module ${name} configuration.`, '#'];

export function renderShowConfiguration(chassis: ChassisModel): string[] {
  const { sysname, syslocation, syscontact } = chassis.snmp;
  return [
    ...moduleHeader('devmgr'),
    `configure snmp sysName "${sysname}"`,
    ...(syslocation ? [`configure snmp sysLocation "${syslocation}"`] : []),
    `configure snmp sysContact "${syscontact}"`,
    '',
    ...moduleHeader('aaa'),
    `configure account admin encrypted "${SIMULATED_PASSWORD_HASH}"`,
    '',
    ...moduleHeader('snmpMaster'),
    `configure snmpv3 add community "${SIMULATED_COMMUNITY}" name "${SIMULATED_COMMUNITY}" user "v1v2c_ro"`,
    '',
    ...moduleHeader('vlan'),
    'create vlan "servers"',
    'configure vlan servers tag 110',
    'configure vlan servers add ports 2:3-4 untagged',
    'configure vlan Mgmt ipaddress 10.0.0.1 255.255.255.0',
    '',
  ];
}
