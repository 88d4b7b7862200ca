// The upgrade module's image_password (no_log) reaches hitless in the environment with --image-password-env, never
// on its command line: hitless_cli.py driven with a stand-in for AnsibleModule.run_command.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/runCli.js';

const MODULE_UTILS = join(ROOT, 'integrations', 'ansible', 'ansible_collections', 'hitless', 'exos', 'plugins', 'module_utils');

const SCRIPT = `
import json, sys
sys.path.insert(0, sys.argv[1])
import hitless_cli

class Module:
    def __init__(self, params):
        self.params = params
        self.calls = []
    def run_command(self, command, environ_update=None):
        self.calls.append(dict(command=command, env=environ_update))
        return 0, "", ""

params = dict((name, spec.get("default")) for name, spec in hitless_cli.UPGRADE_ARGS.items())
params.update(host="10.1.0.1", password="ssh-Secret-1", image="ftp://fetch@10.0.0.5/bd8800-15.3.5.2-patch1-5.xos",
              image_password="img-Secret-2", hitless_bin="hitless")
module = Module(params)
hitless_cli.run_hitless(module, "upgrade", hitless_cli.upgrade_argv(params))
print(json.dumps(dict(spec=hitless_cli.UPGRADE_ARGS["image_password"], call=module.calls[0])))
`;

describe('hitless.exos.upgrade image_password', () => {
  it('is no_log and handed over as HITLESS_ANSIBLE_IMAGE_PASSWORD with --image-password-env', () => {
    const out = JSON.parse(execFileSync('/usr/bin/python3', ['-c', SCRIPT, MODULE_UTILS], { encoding: 'utf8' })) as {
      spec: Record<string, unknown>;
      call: { command: string[]; env: Record<string, string> };
    };
    expect(out.spec).toEqual({ type: 'str', no_log: true });
    const { command, env } = out.call;
    expect(command.slice(command.indexOf('--image-password-env'), command.indexOf('--image-password-env') + 2)).toEqual([
      '--image-password-env',
      'HITLESS_ANSIBLE_IMAGE_PASSWORD',
    ]);
    expect(env).toEqual({ HITLESS_ANSIBLE_PASSWORD: 'ssh-Secret-1', HITLESS_ANSIBLE_IMAGE_PASSWORD: 'img-Secret-2' });
    expect(command.join(' ')).not.toMatch(/Secret/);
  });
});
