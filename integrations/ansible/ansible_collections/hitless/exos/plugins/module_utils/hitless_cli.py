# -*- coding: utf-8 -*-
# Runs the hitless CLI for the hitless.exos modules and reads its hitless/1 JSON contract.
# The passwords go to the CLI in the environment (--password-env, --image-password-env), never on its command line.
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import shlex

SCHEMA = "hitless/1"
PASSWORD_ENV = "HITLESS_ANSIBLE_PASSWORD"
IMAGE_PASSWORD_ENV = "HITLESS_ANSIBLE_IMAGE_PASSWORD"
EXIT_FAILED = (2, 3, 4)

CONNECTION_ARGS = dict(
    host=dict(type="str", required=True),
    port=dict(type="int", default=22),
    user=dict(type="str", default="admin"),
    password=dict(type="str", no_log=True),
    known_hosts=dict(type="path"),
    accept_new=dict(type="bool", default=False),
    ssh_config=dict(type="path"),
    jump=dict(type="str"),
    identity=dict(type="path"),
    hitless_bin=dict(type="str"),
)

# The argument specs of the options doc_fragments/hitless.py documents: CONNECTION_ARGS (hitless.exos.hitless) and
# RUN_ARGS (hitless.exos.hitless.run).
RUN_ARGS = dict(
    journal=dict(type="path"),
    health_settle=dict(type="int"),
    poll=dict(type="float"),
    step_timeout=dict(type="int"),
)

ROLLBACK_ARGS = dict(CONNECTION_ARGS, **RUN_ARGS)

UPGRADE_ARGS = dict(
    ROLLBACK_ARGS,
    image=dict(type="str", required=True),
    image_password=dict(type="str", no_log=True),
    vr=dict(type="str"),
    block_size=dict(type="int"),
    xmods=dict(type="list", elements="str", default=[]),
    failback=dict(type="bool", default=False),
    rollback_on_failure=dict(type="bool", default=False),
    stage=dict(type="bool", default=False),
    save_config=dict(type="bool", default=False),
    keep_image=dict(type="bool", default=False),
)


def hitless_command(params):
    """The CLI to run: the hitless_bin parameter, else $HITLESS_BIN, else hitless on PATH (may hold arguments)."""
    return shlex.split(params.get("hitless_bin") or os.environ.get("HITLESS_BIN") or "hitless")


def connection_argv(params):
    argv = ["--host", params["host"], "--port", str(params["port"]), "--user", params["user"]]
    if params.get("password"):
        argv += ["--password-env", PASSWORD_ENV]
    for name, flag in (("known_hosts", "--known-hosts"), ("ssh_config", "--ssh-config"), ("jump", "--jump"), ("identity", "--identity")):
        if params.get(name):
            argv += [flag, str(params[name])]
    if params.get("accept_new"):
        argv.append("--accept-new")
    return argv


def upgrade_argv(params):
    argv = connection_argv(params) + ["--image", params["image"]]
    if params.get("image_password"):
        argv += ["--image-password-env", IMAGE_PASSWORD_ENV]
    for xmod in params.get("xmods") or []:
        argv += ["--xmod", xmod]
    if params.get("vr"):
        argv += ["--vr", params["vr"]]
    if params.get("block_size") is not None:
        argv += ["--block-size", str(params["block_size"])]
    if params.get("failback"):
        argv.append("--failback")
    if params.get("stage"):
        argv.append("--stage")
    if params.get("save_config"):
        argv.append("--save-config")
    if params.get("keep_image"):
        argv.append("--keep-image")
    return argv


def run_options_argv(params):
    argv = []
    if params.get("rollback_on_failure"):
        argv.append("--rollback-on-failure")
    if params.get("health_settle") is not None:
        argv += ["--health-settle", str(params["health_settle"])]
    if params.get("journal"):
        argv += ["--journal", params["journal"]]
    if params.get("poll") is not None:
        argv += ["--poll", str(params["poll"])]
    if params.get("step_timeout") is not None:
        argv += ["--step-timeout", str(params["step_timeout"])]
    return argv


def run_hitless(module, subcommand, argv):
    """Runs `hitless SUBCOMMAND ARGV...` with the passwords in the environment; returns (rc, json lines, stderr)."""
    env = {}
    for name, variable in (("password", PASSWORD_ENV), ("image_password", IMAGE_PASSWORD_ENV)):
        if module.params.get(name):
            env[variable] = module.params[name]
    command = hitless_command(module.params) + [subcommand] + argv
    rc, stdout, stderr = module.run_command(command, environ_update=env)
    lines = []
    for line in stdout.splitlines():
        line = line.strip()
        if line.startswith("{"):
            try:
                lines.append(json.loads(line))
            except ValueError:
                module.fail_json(msg="hitless printed a line that is not JSON: %s" % line[:200], rc=rc)
    for value in lines:
        if value.get("schema") != SCHEMA:
            module.fail_json(msg="hitless speaks %r, this collection reads %s" % (value.get("schema"), SCHEMA), rc=rc)
    return rc, lines, stderr


def one_line_reason(events, stderr):
    for event in reversed(events):
        if event.get("type") == "error":
            return event.get("message")
    lines = [line for line in stderr.splitlines() if line.strip()]
    return lines[-1] if lines else "hitless failed"


def run_result(module, subcommand, argv):
    """Runs a headless --json run (upgrade, rollback) and exits the module with its run-end."""
    rc, events, stderr = run_hitless(module, subcommand, argv + ["--headless", "--yes", "--json"])
    run_end = events[-1] if events and events[-1].get("type") == "run-end" else None
    if run_end is None:
        module.fail_json(msg=one_line_reason(events, stderr), rc=rc, exit_code=rc)
    result = dict(
        changed=bool(run_end.get("changed")),
        exit_code=run_end.get("exitCode"),
        outcome=run_end.get("outcome"),
        summary=run_end.get("summary"),
        steps=run_end.get("steps", []),
        final_state=run_end.get("finalState", []),
        journal=run_end.get("journal"),
        next=run_end.get("next"),
        warnings=run_end.get("warnings", []),
        health=run_end.get("health"),
        rollback=run_end.get("rollback"),
    )
    if rc in EXIT_FAILED or rc != 0:
        module.fail_json(msg=one_line_reason(events, stderr), rc=rc, **result)
    module.exit_json(**result)


def plan_result(module, argv):
    """Check mode: `hitless plan`, nothing sent; changed when the plan has anything to do."""
    rc, documents, stderr = run_hitless(module, "plan", argv + ["--json"])
    if not documents:
        module.fail_json(msg=one_line_reason([], stderr), rc=rc, exit_code=rc)
    steps = documents[-1].get("steps", [])
    commands = [step["command"] for step in steps if step.get("command")]
    preconditions = documents[-1].get("preconditions", [])
    result = dict(changed=bool(commands), exit_code=rc, plan=steps, commands=commands, preconditions=preconditions)
    if rc != 0:
        last = steps[-1].get("action", {}) if steps else {}
        failing = ["%s (now: %s)" % (p["need"], p.get("actually", "?")) for p in preconditions if not p.get("holds")]
        reason = last.get("reason") or ("preconditions fail now: " + "; ".join(failing) if failing else None)
        module.fail_json(msg=reason or one_line_reason([], stderr), rc=rc, **result)
    module.exit_json(**result)
