/**
 * The workbench's command line (`npm start -- …`): reads the options, starts the workbench, and closes it
 * on Ctrl-C / SIGTERM. A bad option or an unreadable workbook is one line on stderr and exit code 1.
 */
import type { Workbench, WorkbenchOptions } from '../server';
import { messageOf } from './state';

const USAGE = 'Options: --port N --workbook PATH(.json|.xlsx) --now ISO --tz ZONE';

/** `--flag value` or `--flag=value`; PORT in the environment when --port is not given. */
export function parseArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): WorkbenchOptions {
  const options: WorkbenchOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === '--port') {
      const p = Number(value());
      if (!Number.isInteger(p) || p < 0 || p > 65535) throw new Error('--port needs a port number');
      options.port = p;
    } else if (flag === '--workbook') options.workbook = value();
    else if (flag === '--now') options.now = value();
    else if (flag === '--tz') options.timeZone = value();
    else throw new Error(`Unknown option ${a}. ${USAGE}`);
  }
  if (options.port === undefined && env.PORT) options.port = Number(env.PORT);
  return options;
}

/** Runs the workbench until the process is told to stop. */
export function runCli(argv: string[], start: (options: WorkbenchOptions) => Promise<Workbench>): void {
  (async () => {
    const wb = await start(parseArgs(argv));
    const stop = () => void wb.close().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  })().catch((e) => {
    console.error(messageOf(e));
    process.exitCode = 1;
  });
}
