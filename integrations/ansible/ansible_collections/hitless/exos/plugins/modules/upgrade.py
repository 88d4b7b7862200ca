#!/usr/bin/python
# -*- coding: utf-8 -*-
# MIT License (see the repository's LICENSE)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: upgrade
short_description: Hitless upgrade of a dual-MSM ExtremeXOS chassis
description:
  - Runs C(hitless upgrade --headless --yes --json) and returns its run-end (hitless/1 contract).
  - Check mode runs C(hitless plan) instead; nothing is sent to the switch.
  - Fails with the one-line reason and the exit code on exit 2, 3 or 4.
version_added: 0.1.0
author: hitless contributors
extends_documentation_fragment:
  - hitless.exos.hitless
  - hitless.exos.hitless.run
options:
  image:
    description:
      - The target core image, C(HOST:FILE) (TFTP), a URL, C(memorycard:FILE) (the switch's memory card) or
        C(switch:FILE) (downloaded to the switch earlier, installed with C(install image)), or a path on the
        machine that runs hitless (C(./FILE), C(/PATH), C(~/PATH)), copied to the switch over the SSH login (SFTP,
        else SCP) and then installed like C(switch:FILE).
    type: str
    required: true
  image_password:
    description:
      - Password of the user the image URL names (C(ftp://USER@host/file)). Handed to hitless in the environment
        (C(--image-password-env)), never on its command line; redacted from every output.
    type: str
  vr:
    description: Virtual router the switch downloads through (default VR-Mgmt).
    type: str
  block_size:
    description: TFTP block size of C(HOST:FILE) images (C(--block-size)), 24 to 65000 bytes; out of range, or with no TFTP image, the task fails with the CLI's message.
    type: int
  xmods:
    description: .xmod packages (C(--xmod)), each for the same version as the core image.
    type: list
    elements: str
    default: []
  failback:
    description: Hand mastership back to the original master at the end.
    type: bool
    default: false
  rollback_on_failure:
    description: Roll back a backup MSM that does not come up on the new release (C(--rollback-on-failure)).
    type: bool
    default: false
  stage:
    description: Before the window (C(--stage), as C(hitless stage)) install on the backup only and stop before its reboot; the window's run starts there.
    type: bool
    default: false
  save_config:
    description: Save unsaved configuration changes before the first destructive step (C(--save-config)); otherwise they are only warned about.
    type: bool
    default: false
  keep_image:
    description: Keep an image copied from this machine on the switch once both MSMs have installed it (C(--keep-image)); otherwise it is removed (C(rm FILE)).
    type: bool
    default: false
'''

EXAMPLES = r'''
- name: Upgrade core-1 hitlessly
  hitless.exos.upgrade:
    host: 10.1.0.1
    user: admin
    password: "{{ vault_exos_password }}"
    image: 10.0.0.5:bd8800-15.3.5.2-patch1-5.xos
    journal: /var/log/hitless/core-1.jsonl
'''

RETURN = r'''
changed:
  description: Whether hitless sent a command that changes the chassis (false when the target already runs).
  returned: always
  type: bool
exit_code:
  description: The hitless exit code (0 done, 2 bad input, 3 precondition failed and nothing changed, 4 stopped safe).
  returned: always
  type: int
outcome:
  description: The run-end outcome word.
  returned: when hitless ran
  type: str
steps:
  description: The checklist steps of the run with startedAt, endedAt, durationMs and outcome.
  returned: when hitless ran
  type: list
  elements: dict
final_state:
  description: Each MSM as the last show switch showed it.
  returned: when hitless ran
  type: list
  elements: dict
journal:
  description: Absolute path of the journal (the journal option, or the one hitless keeps by default in its state folder).
  returned: when hitless ran
  type: str
next:
  description: What to do now, true for the outcome (after a refusal it names what to change).
  returned: when hitless ran
  type: str
warnings:
  description: Warnings hitless gave during the run.
  returned: when hitless ran
  type: list
  elements: str
health:
  description: Health before and after, when the CLI reports it.
  returned: when the CLI reports it
  type: dict
rollback:
  description: The rollback, when one ran.
  returned: when one ran
  type: dict
plan:
  description: In check mode, the steps hitless plan printed (nothing is sent).
  returned: check mode
  type: list
  elements: dict
'''

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.hitless.exos.plugins.module_utils.hitless_cli import (
    UPGRADE_ARGS,
    plan_result,
    run_options_argv,
    run_result,
    upgrade_argv,
)


def main():
    module = AnsibleModule(argument_spec=UPGRADE_ARGS, supports_check_mode=True)
    if module.check_mode:
        plan_result(module, upgrade_argv(module.params))
    run_result(module, "upgrade", upgrade_argv(module.params) + run_options_argv(module.params))


if __name__ == "__main__":
    main()
