# -*- coding: utf-8 -*-
# MIT License (see the repository's LICENSE)
# The options every hitless.exos module shares: hitless.exos.hitless (connection) and hitless.exos.hitless.run (a run's
# journal and timing). module_utils/hitless_cli.py holds the argument specs they document.
from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    DOCUMENTATION = r'''
options:
  host:
    description: Address of the chassis (its management IP or name).
    type: str
    required: true
  port:
    description: SSH port, 1 to 65535.
    type: int
    default: 22
  user:
    description: SSH user.
    type: str
    default: admin
  password:
    description:
      - SSH password. Handed to hitless in the environment (C(--password-env)), never on its command line.
    type: str
  known_hosts:
    description: known_hosts file hitless verifies host keys against (C(--known-hosts)).
    type: path
  accept_new:
    description: Accept and record an unknown host key (C(--accept-new)). Never accepts a changed key.
    type: bool
    default: false
  ssh_config:
    description: ssh_config file (C(--ssh-config)).
    type: path
  jump:
    description: Jump hosts, C([USER@]HOST[:PORT],...) (C(--jump)).
    type: str
  identity:
    description: Private key file (C(--identity)).
    type: path
  hitless_bin:
    description:
      - The hitless command, with arguments if needed. Defaults to C($HITLESS_BIN), else C(hitless) on PATH.
    type: str
'''

    RUN = r'''
options:
  journal:
    description: JSONL journal file on the host running the module (C(--journal)).
    type: path
  health_settle:
    description: Seconds a lost I/O module or link may take to come back after a failover (C(--health-settle)), 0 to 3600; out of range the task fails with the CLI's message.
    type: int
  poll:
    description: Seconds between show switch reads while waiting (C(--poll)), 0.05 to 600; out of range the task fails with the CLI's message.
    type: float
  step_timeout:
    description: Longest wait for one step, in seconds (C(--step-timeout)), 1 to 86400; out of range the task fails with the CLI's message.
    type: int
'''
