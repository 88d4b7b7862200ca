import { describe, expect, it } from 'vitest';
import { parseShowVersion, type ShowVersion } from '../../source/exos/parseShowVersion.js';
import { loadSample } from './samples.js';

function parseOk(text: string): ShowVersion {
  const result = parseShowVersion(text);
  if (!result.ok) throw new Error(`expected a parse, got: ${result.reason}`);
  return result.value;
}

describe('parseShowVersion on real captures', () => {
  it('reads the X440 15.3 capture: v1531b4-patch1-19 branch, Switch row, BootROM', () => {
    expect(parseOk(loadSample('show_version_x440_15.3.1.4_ngnetms.raw'))).toEqual({
      image: { version: '15.3.1.4', patch: 'patch1-19' },
      branch: 'v1531b4-patch1-19',
      bootrom: '2.0.2.1',
      units: [{ name: 'Switch', partNumber: '800475-00-12', serial: '1433N-41527', revision: '12.0', bootrom: '2.0.2.1', image: '15.3.1.4' }],
    } satisfies ShowVersion);
  });

  it('reads the X450a stack capture: one row per slot, empty slots as names only', () => {
    expect(parseOk(loadSample('show_version_x450a_stack_15.3.3.5_ngnetms.raw'))).toEqual({
      image: { version: '15.3.3.5', patch: 'patch1-10' },
      branch: 'v1533b5-patch1-10',
      bootrom: '1.0.3.1',
      units: [
        { name: 'Slot-1', partNumber: '800152-00-08', serial: '0808G-80073', revision: '8.0', bootrom: '1.0.3.1', image: '15.3.3.5' },
        { name: 'Slot-2', partNumber: '800304-00-01', serial: '0951G-80879', revision: '1.0', bootrom: '1.0.3.5', image: '15.3.3.5' },
        ...[3, 4, 5, 6, 7, 8].map((slot) => ({ name: `Slot-${slot}` })),
      ],
    } satisfies ShowVersion);
  });

  it('reads the 30.6 capture with the new branch style and agrees with the ntc-templates expected parse', () => {
    const expectedYaml = loadSample('show_version_x_30.6.1.11_ntc.yml');
    const field = (name: string) => new RegExp(`${name}: "([^"]*)"`).exec(expectedYaml)![1];
    const show = parseOk(loadSample('show_version_x_30.6.1.11_ntc.raw'));
    expect(show).toEqual({
      image: { version: '30.6.1.11', patch: 'patch1-11' },
      branch: '30.6.1.11-patch1-11',
      bootrom: '2.0.0.5',
      units: [{ name: 'Switch', partNumber: '800979-00-05', serial: '2011G-00289', revision: '05', bootrom: '2.0.0.5', image: '30.6.1.11' }],
    } satisfies ShowVersion);
    expect([show.image.version, show.branch, show.units[0]!.serial, show.bootrom]).toEqual([
      field('version'),
      field('version_detailed'),
      field('serial_number'),
      field('bootrom'),
    ]);
  });

  it('reads the EXOS VM PN:/SN: style Switch row from the save session', () => {
    const text = `${loadSample('save_configuration_overwrite_exosvm_30.2_virtual_exos_issue17.session').split('EXOS-VM.4')[0]}
Image   : ExtremeXOS version 30.2.1.8 30.2.1.8 by release-manager`;
    expect(parseOk(text)).toEqual({
      image: { version: '30.2.1.8' },
      branch: '30.2.1.8',
      units: [{ name: 'Switch', partNumber: '1N2039', serial: '123456', revision: '01', bootrom: '1.2', image: '30.2.1.8' }],
    } satisfies ShowVersion);
  });
});

describe('parseShowVersion variants', () => {
  it('accepts a build without a branch token and the 11.x "ExtremeWare XOS" wording', () => {
    expect(parseOk('Image   : ExtremeXOS version 22.6.1.4 by release-manager\n').image).toEqual({ version: '22.6.1.4' });
    expect(parseOk('Image   : ExtremeXOS version 22.6.1.4 by release-manager\n').branch).toBeUndefined();
    expect(parseOk('Image   : ExtremeWare XOS version 11.6.3.4 v1163b4 by release-manager\n')).toEqual({
      image: { version: '11.6.3.4' },
      branch: 'v1163b4',
      units: [],
    } satisfies ShowVersion);
  });

  it('maps chassis MSM rows to slots (row layout assumed like Slot-N rows)', () => {
    const text = [
      'MSM-A       : 41632-00-10 0907F-00113 Rev 10.0 BootROM: 1.0.4.2    IMG: 15.3.1.4',
      'MSM-B       :',
      '',
      'Image   : ExtremeXOS version 15.3.1.4 v1531b4 by release-manager',
    ].join('\r\n');
    expect(parseOk(text).units).toEqual([
      { name: 'MSM-A', slot: 'A', partNumber: '41632-00-10', serial: '0907F-00113', revision: '10.0', bootrom: '1.0.4.2', image: '15.3.1.4' },
      { name: 'MSM-B', slot: 'B' },
    ]);
  });

  it('claims nothing for a row glued to the next one by a lost line break (the image belongs to the other MSM)', () => {
    const text = [
      'MSM-A       :\ufffdMSM-B       : 41632-00-10 0907F-00114 Rev 10.0 BootROM: 1.0.4.2    IMG: 15.3.1.4',
      '',
      'Image   : ExtremeXOS version 15.3.1.4 v1531b4 by release-manager',
    ].join('\r\n');
    expect(parseOk(text).units).toEqual([{ name: 'MSM-A', slot: 'A' }]);
  });

  it('fails without an Image line, quoting a switch error when there is one', () => {
    const noImage = parseShowVersion(loadSample('show_switch_x440_15.3.1.4_ngnetms.raw'));
    expect(noImage).toEqual({ ok: false, reason: 'no complete "Image : ExtremeXOS version ... by ..." line in "show version"' });
    const refused = parseShowVersion(loadSample('unsaved_prompt_invalid_command_oxidized_issue2113.session'));
    expect(refused.ok === false && refused.reason).toMatch(/the switch said: %% Invalid input/);
  });

  it('fails when the Image line is cut off before "by", rather than read a shortened version or branch', () => {
    expect(parseShowVersion('Image   : ExtremeXOS version 30.6.1.11 30.6.1.11-patch1-1').ok).toBe(false);
    expect(parseShowVersion('Image   : ExtremeXOS version 30.6.1.1').ok).toBe(false);
  });

  it('fails on an unreadable version number', () => {
    expect(parseShowVersion('Image   : ExtremeXOS version 15.3 v153 by release-manager')).toEqual({
      ok: false,
      reason: '"show version" names an unreadable image version "15.3"',
    });
  });
});
