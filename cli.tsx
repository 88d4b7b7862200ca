import { HitlessError, EXIT } from './source/errors.js';

const commands: Record<string, (argv: string[]) => Promise<number>> = {};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    process.stderr.write(`hitless: unknown command ${name ?? '(none)'}; try: ${Object.keys(commands).join(', ')}\n`);
    return EXIT.usage;
  }
  return command(rest);
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  if (err instanceof HitlessError) {
    process.stderr.write(`hitless: ${err.message}\n`);
    process.exitCode = err.exitCode;
  } else {
    process.stderr.write(`hitless: internal error: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = EXIT.internal;
  }
}
