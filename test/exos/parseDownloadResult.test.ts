import { describe, expect, it } from 'vitest';
import { findSwitchErrors, parseDownloadResult, type DownloadResult } from '../../source/exos/parseDownloadResult.js';
import { loadSample } from './samples.js';

const dots = (count: number) => '.'.repeat(count);

/** The dialog of docs/exos-cli.md §4.2 A (lines given verbatim there from held-back captures), as a chassis prints it. */
function chassisDownload(target: string, partition: string): string {
  return [
    `BD-8810.7 # download image 10.0.0.5 bd8800-15.3.1.4.xos vr "VR-Default" ${partition} msm B`,
    'Do you want to install image after downloading? (y - yes, n - no, <cr> - cancel) Yes',
    '',
    `Downloading to ${target}${dots(160)}`,
    `Installing to ${partition} partition!`,
    '',
    `Installing to ${target}${dots(450)}`,
    'Image installed successfully',
    'This image will be used only after rebooting the switch!',
    'BD-8810.8 # ',
  ].join('\r\n');
}

describe('parseDownloadResult', () => {
  it('reads the X870 .lst bundle download: three members, all installed to primary', () => {
    expect(parseDownloadResult(loadSample('download_url_lst_x870_22.2.1.5_exos_apps.session'))).toEqual({
      downloaded: true,
      installed: true,
      partition: 'primary',
      contractExpired: false,
      errors: [],
    } satisfies DownloadResult);
  });

  it('reads a successful download + install on MSM-B secondary (dialog lines from docs/exos-cli.md §4.2 A)', () => {
    expect(parseDownloadResult(chassisDownload('MSM-B', 'secondary'))).toEqual({
      downloaded: true,
      installed: true,
      partition: 'secondary',
      contractExpired: false,
      errors: [],
    } satisfies DownloadResult);
  });

  it('reads the debug-files question variant (docs/exos-cli.md §4.2 B) as a normal install', () => {
    const text = chassisDownload('Switch', 'primary').replace(
      'Do you want to install',
      [
        'Debug information files are present in internal-memory.',
        'These files will be removed if you continue with download.',
        'Do you want to continue with download and remove existing files from internal-memory? (y/N) Yes',
        'Do you want to install',
      ].join('\r\n'),
    );
    expect(parseDownloadResult(text)).toMatchObject({ downloaded: true, installed: true, partition: 'primary', errors: [] });
  });

  it('reports an error glued to the progress line, as Ridgeline expects it, without the progress text', () => {
    const text = ['Downloading to MSM-A.....Error: tftp transfer timed out', 'BD-8810.3 # '].join('\n');
    expect(parseDownloadResult(text)).toEqual({
      downloaded: false,
      installed: false,
      contractExpired: false,
      errors: ['Error: tftp transfer timed out'],
    } satisfies DownloadResult);
    expect(parseDownloadResult('Downloading to MSM-AError: Failed to download image\n').errors).toEqual([
      'Error: Failed to download image',
    ]);
  });

  it('flags an expired service contract as such and as an error', () => {
    const text = 'Service contract expired, please renew it to be able to download the new software image.\nBD-8810.4 # ';
    expect(parseDownloadResult(text)).toEqual({
      downloaded: false,
      installed: false,
      contractExpired: true,
      errors: ['Service contract expired, please renew it to be able to download the new software image.'],
    } satisfies DownloadResult);
  });

  it('is not installed when the install fails after the transfer', () => {
    const text = chassisDownload('MSM-B', 'primary')
      .replace('Image installed successfully', 'Error: Image can only be installed to the non-active partition.')
      .replace(/\r\nThis image will be used.*/, '');
    expect(parseDownloadResult(text)).toEqual({
      downloaded: true,
      installed: false,
      partition: 'primary',
      contractExpired: false,
      errors: ['Error: Image can only be installed to the non-active partition.'],
    } satisfies DownloadResult);
  });

  it('is not installed when fewer members succeeded than were announced', () => {
    const sample = loadSample('download_url_lst_x870_22.2.1.5_exos_apps.session');
    const lastSuccess = sample.lastIndexOf('Image installed successfully');
    const text = `${sample.slice(0, lastSuccess)}${sample.slice(lastSuccess + 'Image installed successfully\n'.length)}`;
    expect(parseDownloadResult(text)).toMatchObject({ installed: false, errors: [] });
  });

  it('leaves the partition undefined when install lines disagree', () => {
    const text = `${chassisDownload('MSM-B', 'primary')}\n${chassisDownload('MSM-B', 'secondary')}`;
    expect(parseDownloadResult(text).partition).toBeUndefined();
  });

  it('reports nothing downloaded for unrelated output', () => {
    expect(parseDownloadResult('')).toEqual({ downloaded: false, installed: false, contractExpired: false, errors: [] });
  });
});

describe('findSwitchErrors', () => {
  it('finds the caret error of a rejected command and drops the echoed prompt lines', () => {
    expect(findSwitchErrors(loadSample('unsaved_prompt_invalid_command_oxidized_issue2113.session'))).toEqual([
      "%% Invalid input detected at '^' marker.",
    ]);
  });

  it.each([
    '%% Incomplete command',
    '%% Unrecognized command: "reboot msm C"',
    'Error: This command can only be executed on Master.',
    'ERROR: something went wrong',
    'Install-Error: checksum mismatch',
    'Failed to download image - Error: file not found',
    'Error: Failed to download image - summit_arm- does not include compatible PoE microcontroller support.',
    'tftpPeerSet failed',
    'BootROM is not able to load this type of image',
    'Error: Source image bad',
    'Failed to save config: a save or download is in progress - please try again later',
    'Invalid image file',
    'Invalid partition detected',
    'syntax error at token 3',
    'Error: Failed to install image',
    'Permission denied',
  ])('recognises %j', (line) => {
    expect(findSwitchErrors(`SW.1 # some command\r\n${line}\r\nSW.2 # `)).toEqual([line]);
  });

  it('finds nothing in successful outputs: the .lst download, the save dialog, show switch/version captures', () => {
    for (const sample of [
      'download_url_lst_x870_22.2.1.5_exos_apps.session',
      'save_configuration_overwrite_exosvm_30.2_virtual_exos_issue17.session',
      'save_configuration_exosvm_virtual_exos_issue17.session',
      'show_switch_x450a_stack_15.3.3.5_ngnetms.raw',
      'show_switch_stack_logged_in_on_backup_slot2_22.4_exos_apps_clone.raw',
      'show_version_x_30.6.1.11_ntc.raw',
      'login_banner_vpex_oxidized_issue3259.session',
      'login_standby_node_console_exos_apps_clone.session',
      'netmiko_session_prep_debug_issue2006.log',
    ]) {
      expect(findSwitchErrors(loadSample(sample)), sample).toEqual([]);
    }
  });

  it('clips long error lines to one short line', () => {
    const [error] = findSwitchErrors(`Error: ${'x'.repeat(5000)}`);
    expect(error!.length).toBe(200);
    expect(error!.endsWith('...')).toBe(true);
  });
});
