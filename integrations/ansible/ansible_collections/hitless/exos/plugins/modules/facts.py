#!/usr/bin/python
# -*- coding: utf-8 -*-
# MIT License (see the repository's LICENSE)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: facts
short_description: Read a dual-MSM ExtremeXOS chassis with hitless status
description:
  - Runs C(hitless status --json) (only show commands) and returns it as C(ansible_facts.hitless).
version_added: 0.1.0
author: hitless contributors
extends_documentation_fragment:
  - hitless.exos.hitless
'''

EXAMPLES = r'''
- name: Read the chassis
  hitless.exos.facts:
    host: 10.1.0.1
    password: "{{ vault_exos_password }}"
'''

RETURN = r'''
ansible_facts:
  description: C(hitless) holds the hitless/1 status document (chassis, msms, platform).
  returned: success
  type: dict
'''

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.hitless.exos.plugins.module_utils.hitless_cli import (
    CONNECTION_ARGS,
    connection_argv,
    one_line_reason,
    run_hitless,
)


def main():
    module = AnsibleModule(argument_spec=CONNECTION_ARGS, supports_check_mode=True)
    rc, documents, stderr = run_hitless(module, "status", connection_argv(module.params) + ["--json"])
    if rc != 0 or not documents:
        module.fail_json(msg=one_line_reason([], stderr), rc=rc, exit_code=rc)
    module.exit_json(changed=False, ansible_facts=dict(hitless=documents[-1]))


if __name__ == "__main__":
    main()
