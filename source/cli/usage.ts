// `hitless --help`, a manual page (each command's own page: manual.ts). README.md's "Usage" block is SYNOPSIS and its
// exit-code table is EXIT_MEANING, word for word (test/cli/help.test.ts).
import { EXIT_MEANING } from '../errors.js';
import { rangeTable } from '../run/optionRanges.js';

export const SYNOPSIS = `hitless status  --host H [--port P] [--user U] [auth] [ssh] [--json]   (or --console-a SPEC --console-b SPEC)
hitless plan    --host H ... --image SRC [--vr VR-Mgmt] [--block-size N] [--xmod SRC]... [--failback] [--json]
hitless plan    --host H ... --rollback [--to-version V] [--failback] [--json]
hitless upgrade --host H ... --image SRC [--vr VR-Mgmt] [--block-size N] [--xmod SRC]... [--failback]
                [--headless | --no-tui] [--yes] [--json] [--journal FILE] [--step-timeout SECONDS]
                [--poll SECONDS (default 1)] [--allow-io-reset] [--force-failover]
                [--health-settle SECONDS (default 60)] [--no-health-check] [--accept-health-regression]
                [--console-a SPEC] [--console-b SPEC] [--console-password-env VAR] [--reconnect-timeout S]
                [--record FILE.cast] [--record-console FILE.cast] [--redact REGEX]... [--ascii]
                [--rollback-on-failure]   headless: roll back a backup that does not come up (never implied by --yes)
                [--save-config]   save unsaved configuration changes before the first destructive step
                [--keep-image]    keep a ./FILE image on the switch after both MSMs installed it
hitless rollback --host H ... [--to-version V] [--failback] [--headless] [--yes] [--json] [--journal FILE]
                back to the release both MSMs hold on their other partition: use image, no download
hitless stage   --host H ... --image SRC [upgrade options]   (upgrade --stage) before the window: install on the backup
hitless simulate [--port P] [--scenario S | --from STATUS.json] [--speed F] [--list]
                [--console-server opengear|avocent|generic] [--legacy-ssh] [--sys-name NAME]
hitless fleet   FILE [--yes] [--headless] [--json]   upgrade every chassis listed in FILE (JSON): the fleet view
hitless demo    [--scenario S] [--pace human|fast] [--record FILE.cast] [--record-console FILE.cast]
                [--journal FILE] [--image SRC] [--xmod SRC]... [--redact REGEX]... [--ascii]
hitless replay  FILE.cast [--speed N]   n / p next / previous step, space pause, q quit
hitless export  FILE.cast --html OUT.html [--journal FILE]
hitless report  JOURNAL.jsonl... [--format text|md]
hitless completion bash|zsh   a shell completion script (README, Install)
hitless --version

auth: --password-env VAR | --identity FILE | ssh-agent (SSH_AUTH_SOCK); a hidden prompt on a terminal
ssh:  [--ssh-config FILE] [--jump [USER@]HOST[:PORT],...] [--known-hosts FILE] [--accept-new] [-o Key=Value]...
SRC:  HOST:FILE  (-> download image HOST FILE vr VR [block-size N] <partition> msm <slot>)  or a URL (-> download url URL ...)
      memorycard:FILE (-> download image memorycard FILE <partition> msm <slot>)
      switch:FILE     (a file already on the switch -> install image FILE <partition> msm <slot>)
      ./FILE, /PATH, ~/PATH  (on this machine: copied over the SSH login (SFTP, else SCP), then installed as switch:FILE)
      a URL's password: name only the user (ftp://USER@HOST/FILE) and give --image-password-env VAR`;

export const indent = (text: string, by: string) => text.replace(/^(?=.)/gm, by);

/** Lines of at most `width` characters, broken at spaces. */
const wrapped = (text: string, width: number) => text.match(new RegExp(`.{1,${width}}(?= |$)`, 'g'))!.map((line) => line.trim());

export const exitCodeLines = () =>
  Object.entries(EXIT_MEANING)
    .map(([code, meaning]) => `  ${code}  ${wrapped(meaning, 113).join('\n     ')}`)
    .join('\n');

const FILES = `  $XDG_STATE_HOME/hitless/journals/  the journals of upgrade, rollback and demo runs (XDG_STATE_HOME: ~/.local/state)
  $XDG_STATE_HOME/hitless/runs/      what each run last saw of its chassis, so a rerun resumes
  ~/.ssh/known_hosts, ~/.ssh/config  host keys and the SSH client configuration, read as OpenSSH reads them
  schema/ in the package             the JSON Schemas of the hitless/1 output (--json, journals)`;

const ENVIRONMENT = `  SSH_AUTH_SOCK                      the ssh-agent to log in with
  XDG_STATE_HOME                     where journals and run state are kept
  LC_ALL, LC_CTYPE, LANG             a locale that is not UTF-8 draws the screen in ASCII only
  NO_COLOR                           set: no colours
  VAR of --password-env              the switch password (--console-password-env: the console server's)`;

export const USAGE = `NAME
  hitless — safe, resumable ExtremeXOS dual-MSM hitless upgrade

SYNOPSIS
${indent(SYNOPSIS, '  ')}

OPTIONS
  -h, --help      print this page; hitless COMMAND --help (or hitless help COMMAND): the command's page, every option
                  it takes with its meaning and default
  -V, --version   print the version of hitless (the JSON documents carry it as "hitless")

DESCRIPTION
  Instead of --host/--user, --simulate SCENARIO [--speed F] runs against the embedded simulated chassis
  (--image defaults to the scenario's suggested image), and --simulate-from STATUS.json against a twin of the
  chassis that "hitless status --json > STATUS.json" read: a rehearsal with the same MSMs, images, slots and ports.

  Auth:     --password-env VAR | --identity FILE | ssh-agent (SSH_AUTH_SOCK); a password prompt on a terminal.
            Passwords are never taken from the command line; an encrypted key's passphrase is asked on a terminal.
  SSH:      H may be a Host alias of ~/.ssh/config (--ssh-config FILE; Include and Match honoured): HostName, Port,
            User, IdentityFile, ProxyJump, ServerAlive*, ConnectTimeout, StrictHostKeyChecking, UserKnownHostsFile,
            HashKnownHosts, KexAlgorithms, HostKeyAlgorithms, Ciphers, MACs (+ appends, - removes, ^ puts first) apply.
            -o Key=Value (--ssh-option, repeatable) and command-line flags win over the file.
            --jump [USER@]HOST[:PORT],... goes through jump hosts like ssh -J.
            Old EXOS SSH servers (SHA-1, CBC) need their algorithms allowed per host, e.g.
              -o KexAlgorithms=+diffie-hellman-group14-sha1 -o Ciphers=+aes128-cbc
            a server with nothing in common stops with its offer named (exit 2); weak algorithms are warned about.
            --step-timeout also bounds the login. Keepalive every 2 s: a dead link is noticed within about 6 s.
  Host key: verified against ~/.ssh/known_hosts (--known-hosts FILE), jump hosts too; unknown keys are asked about on
            a terminal, refused otherwise unless --accept-new. A changed key stops before authentication (exit 2), in
            every mode. Each MSM's key is pinned once show switch names the MSM: at failover the other MSM's pinned key
            is accepted with a warning, its first key only right after a failover hitless sent, on the same System MAC.
  Console:  --console-a/--console-b SPEC reach MSM-A's/MSM-B's serial console through a console server; SPEC is
              ssh://USER@HOST:PORT                      the SSH port is that serial line
              ssh://USER@HOST:PORT?port=N&profile=P     serial port N, P = opengear (USER:portNN) | avocent (USER:70NN)
                                                        | generic (USER+portN)
              ssh://USER@HOST:PORT?menu=N|LABEL         entry N, or the entry labelled LABEL, of the port menu
            The console server's password comes from --console-password-env VAR or a prompt; the switch login on the
            console uses --user and --password-env. hitless types on the MASTER's console only; BREAK only on request.
            Without --host, status, plan and upgrade work through the MASTER's console. With --host and both consoles,
            an upgrade whose management SSH does not come back within --reconnect-timeout (default with both consoles:
            120 s, the time EXOS gives a rebooted MSM; without them: the step timeout) continues on the MASTER's console.
            Headless runs watch the consoles too: boot lines go to the journal.
  Screen:   ASCII only (* o + - | ...) when the locale (LC_ALL, LC_CTYPE, LANG) is not UTF-8, or with --ascii;
            no colours when NO_COLOR is set. Keys: ? on the screen.
  Record:   --record FILE.cast: asciicast v2 of the full-screen UI, a marker per checklist step (headless: the UI is
            drawn into the recording only); --record-console FILE.cast: the raw switch console. upgrade, rollback and
            demo keep a journal in $XDG_STATE_HOME/hitless/journals/ unless --journal FILE is given. Journal, recordings
            and error messages are redacted: the password, URL credentials, SNMP communities, keys, and each
            --redact REGEX. demo runs the simulated chassis with an autopilot that confirms each step (c).

  Safety:   only the BACKUP MSM is ever rebooted (reboot msm A|B, never a bare reboot); images go to the backup's
            inactive partition; failover only to a backup that is In Sync (--force-failover to override);
            the BD8800 "all I/O modules will be reset" failover question is answered "n" unless --allow-io-reset.
            Each destructive step needs a confirmation (--yes in headless mode) and re-reads show switch first.
  Health:   before the first destructive step, after each failover and at the end, show slot and show ports
            no-refresh are read and compared: an I/O module no longer Operational or a port no longer Active that has
            not come back within --health-settle stops the run (exit 4; the full-screen console asks, c continues).
            --accept-health-regression continues with a warning; --no-health-check reads neither.
  Ranges:   numbers are plain decimals within their range, and an option that takes one value is given once (else exit 2):
${indent(rangeTable(), '              ')}

EXIT STATUS
${exitCodeLines()}

FILES
${FILES}

ENVIRONMENT
${ENVIRONMENT}

EXAMPLES
  hitless status --host core-1 --user admin --password-env EXOS_PW
  hitless plan --host core-1 --image 10.0.0.5:bd8800-15.3.5.2-patch1-5.xos
  hitless upgrade --host core-1 --image 10.0.0.5:bd8800-15.3.5.2-patch1-5.xos
  hitless demo
`;
