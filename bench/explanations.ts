// What limits each figure, written once here and copied into RESULTS.md for every target a run does not meet.

export const LIMITS: Record<string, string> = {
  pipeline:
    'The real path parses every byte twice: @xterm/headless for the screen (the whole baseline) plus ExosSession, which ' +
    'looks at the tail of everything received for a prompt, pager or question after each chunk and cleans the whole ' +
    'output once per command (`stripTerminalNoise`, `findSwitchErrors`). Its per-chunk tail search runs on the ' +
    'accumulated output string (`Exchange.buffer += chunk` then `lastIndexOf`), which V8 flattens on every chunk: the ' +
    'cost grows with the square of one command\'s output size (a single 5 MB output runs at about a quarter of raw ' +
    'xterm speed). Keeping the chunks in a list and searching only a bounded tail would make it linear. Each engine ' +
    'event is also fsync\'ed to the journal (~1 ms each here).',
  'ui-fps':
    'Ink throttles renders to maxFps 30 (source/cli/tuiRun.tsx) and ConsoleBuffer folds output notifications to 30/s, so ' +
    'more than 30 frames in a second would mean one of the two throttles is bypassed.',
  'ui-tail':
    'The last frame can only follow the end of xterm\'s parsing; then ConsoleBuffer\'s trailing throttle (up to 33 ms) and ' +
    'Ink\'s (up to 34 ms) may each hold the frame back, plus one render. On a loaded machine the parse itself finishes late ' +
    '(the "xterm still parsing" baseline).',
  'rss-growth':
    'Scrollback is bounded (5000 lines), so growth beyond the baseline comes from the V8 heap keeping pages after GC, ' +
    'not from retained output.',
  'rss-start':
    'Most of the resident memory at start is Node.js itself (~40 MB), V8 code for the 1.5 MB bundle (React, Ink, yoga, ' +
    'xterm, ssh2) and the first SSH session.',
  'first-frame':
    'The first frame waits for the first SSH session (connect, key exchange, login, `disable clipaging`), which the console ' +
    'opens before it draws so that password and host-key questions can use the plain terminal, and for Node.js to load ' +
    'and compile the 1.5 MB bundle. The "bare node" baseline shows how much of it start-up alone costs on this machine.',
  'idle-cpu':
    'An idle console should use nothing: no timers run while the engine waits for a confirmation.',
  'happy-upgrade':
    'At speed 0 the simulated chassis changes state at once; what remains is process start-up, about 10 SSH sessions ' +
    '(the failover drops the link) and the engine\'s reconnect pause of 0.5 s after the failover.',
  'detect-default':
    'The engine notices a state change at its next `show switch`, which it reads every --poll seconds (default 5) while ' +
    'waiting; the latency is therefore anywhere between one `show switch` and one poll interval plus a read, and after ' +
    'the failover also the reconnect pause (0.5 s, doubling while the master does not answer). The default 5 s cannot ' +
    'meet a 2 s bound in the worst case; --poll 1 does (next row), at the cost of one `show switch` per second on the ' +
    'switch. Making the default 1 s, or polling faster while a state change is due, is a product decision for the lead.',
  'detect-poll-1':
    'With --poll 1 the worst case is one poll interval plus one `show switch` read, plus the reconnect pause after failover.',
  'fleet-done': 'Every chassis that did not finish is listed in the fleet\'s own output with its last error.',
};

export const METHOD = `## How each figure is measured

- **Console pipeline**: a ~10 MB burst recorded from the simulator's own CLI (banner, \`show switch\` pages, a download with
  its install question and ~610 progress dots) plus SGR-coloured \`show log\` pages typed by an operator (16-colour,
  bold/underline, 256-colour, truecolour), replayed in 16 KiB chunks, one per macrotask, through an in-memory Transport
  into ExosSession (prompt, pager and question detection; answers sent back and checked against the recording), the
  engine's \`readChassis\` and \`downloadProgress\`, ConsoleBuffer (@xterm/headless, 118x26, 5000 lines of scrollback) and
  a fsync'ed JSONL journal. Baseline: the same chunks written straight into an @xterm/headless Terminal of the same size
  in the same process, until its write callback fired. Runs alternate; medians.
- **UI under a burst**: \`bench/probes/uiProbe.tsx\` runs in a tmux pane (a real terminal, 120x40) and renders the real
  \`App\` with the Ink options of source/cli/tuiRun.tsx (\`maxFps: 30\`, incrementalRendering off), fed by the same
  pipeline; Ink's \`onRender\` timestamps are the frames. Run through tsx like bin/hitless.js (React development build).
- **Memory after 100 MB**: the same probe feeds the burst's chunks ten times into the UI's ConsoleBuffer; RSS after two
  forced GCs before and after; baseline the same bytes into a bare Terminal in its own process.
- **Start-up, RSS, idle CPU**: \`npm run build\` bundles the CLI with esbuild into dist/hitless.js (React production build,
  ssh2 external). \`hitless upgrade\` (full-screen console) is started in tmux against a simulated chassis running in
  another process; the first frame is the first screen showing the MSM panes; RSS is VmRSS from /proc at that moment.
  Idle CPU: utime+stime from /proc/PID/stat over 10 s while the console waits at its first confirmation, next to a
  bare node process holding a raw-mode terminal.
- **Happy upgrade**: \`node dist/hitless.js upgrade --simulate happy --speed 0 --headless --yes\`, wall time of the process.
- **Detection latency**: complete happy upgrades in-process against embedded simulators at speed 0.05 (a reboot takes
  ~4 s, so the engine really waits), six at once; the chassis model's 'change' events give the moment a rebooted backup
  turns In Sync or the new master answers again after failover; the latency runs to the engine's next event that moves on
  (a decision other than "wait", or "new master reconnected").
- **Fleet**: ${'`'}hitless fleet FILE --yes --json${'`'} from dist/ against simulated chassis at speed 0 in a second process; peak RSS
  is the highest VmHWM sampled every 50 ms; the baseline is a fleet of one on the same machine.
`;
