#!/usr/bin/python
# -*- coding: utf-8 -*-
# MIT License (see the repository's LICENSE)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: rollback
short_description: Roll a dual-MSM ExtremeXOS chassis back to the image it ran before
description:
  - Runs C(hitless rollback --headless --yes --json) and returns its run-end (hitless/1 contract).
  - Check mode sends nothing and reports that a rollback would run.
  - Fails with the one-line reason and the exit code on exit 2, 3 or 4.
version_added: 0.1.0
author: hitless contributors
extends_documentation_fragment:
  - hitless.exos.hitless
  - hitless.exos.hitless.run
'''

EXAMPLES = r'''
- name: Roll core-1 back
  hitless.exos.rollback:
    host: 10.1.0.1
    password: "{{ vault_exos_password }}"
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
    ROLLBACK_ARGS,
    connection_argv,
    run_options_argv,
    run_result,
)


def main():
    module = AnsibleModule(argument_spec=ROLLBACK_ARGS, supports_check_mode=True)
    if module.check_mode:
        module.exit_json(changed=True, exit_code=0, msg="check mode: a rollback would run (hitless plans rollbacks only when it runs them)")
    run_result(module, "rollback", connection_argv(module.params) + run_options_argv(module.params))


if __name__ == "__main__":
    main()
