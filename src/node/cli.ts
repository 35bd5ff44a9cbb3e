import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { errorMessage } from '../core/errors';
import { quoted, shown } from '../core/quote';

/**
 * What the command-line tools share: bad input is one clear line on stderr with exit code 2, an unexpected
 * failure one line with exit code 1; never a stack trace, and library chatter never reaches stdout.
 */
export class InputError extends Error {}

export function oneLine(text: string): string {
  return text.split(/\r?\n/).find((l) => l.trim() !== '')?.trim() ?? 'unknown error';
}

export const errorText = (e: unknown): string => oneLine(errorMessage(e));

/** node:util parseArgs messages are long and multi-line; keep one short line. */
function flagError(e: unknown): string {
  const code = (e as { code?: unknown }).code;
  const message = errorMessage(e);
  const option = /'(-[^' ]+)/.exec(message)?.[1];
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${option ? shown(option) : oneLine(message)} (see --help)`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return option ? `${shown(option)} needs a value (see --help)` : oneLine(message);
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument ${quoted(/'([^']*)'/.exec(message)?.[1] ?? '?')} (see --help)`;
    default:
      return oneLine(message);
  }
}

/** A tool's flags as read: whether help was asked for, and each value flag's text (undefined when absent). */
export interface Flags {
  readonly help: boolean;
  value(name: string): string | undefined;
}

/**
 * Reads the flags of a tool whose flags all take a value, besides -h/--help, and no positional arguments.
 * A flag that is unknown, lacks its value or comes with a stray argument is an InputError of one line.
 */
export function readFlags(argv: readonly string[], valueFlags: readonly string[]): Flags {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: glueNegativeValues(argv, new Set(valueFlags.map((name) => `--${name}`))),
      strict: true,
      allowPositionals: false,
      options: {
        ...Object.fromEntries(valueFlags.map((name) => [name, { type: 'string' as const }])),
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    throw new InputError(flagError(e));
  }
  return {
    help: values.help === true,
    value: (name) => {
      const v = values[name];
      return typeof v === 'string' ? v : undefined;
    },
  };
}

/** parseArgs takes "--k -1" for a missing value: glue negative numbers to their flag so they get a real message. */
function glueNegativeValues(argv: readonly string[], valueFlags: ReadonlySet<string>): string[] {
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const next = argv[i + 1];
    if (valueFlags.has(argv[i]!) && next !== undefined && /^-(\d|\.\d)/.test(next)) {
      args.push(`${argv[i]}=${next}`);
      i++;
    } else {
      args.push(argv[i]!);
    }
  }
  return args;
}

export async function readBytes(role: string, path: string): Promise<ArrayBuffer> {
  try {
    const buffer = await readFile(path);
    // A Buffer may be a view into a shared pool: copy out exactly its bytes.
    return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer;
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    const why =
      code === 'ENOENT'
        ? 'file not found'
        : code === 'EISDIR'
          ? 'is a directory, not a file'
          : code === 'EACCES' || code === 'EPERM'
            ? 'permission denied'
            : `cannot be read (${errorText(e)})`;
    throw new InputError(`${role} (${path}): ${why}`);
  }
}

/**
 * Library chatter (tfjs warnings, emscripten) must never reach stdout, nor add lines to stderr on failure:
 * console output is held back while tfjs runs and only forwarded to stderr after a success.
 */
export function holdConsole(): { release(forward: boolean): void } {
  const held: string[] = [];
  const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
  const saved = methods.map((m) => console[m]);
  for (const m of methods) {
    console[m] = (...args: unknown[]) => {
      held.push(args.map((a) => (typeof a === 'string' ? a : a instanceof Error ? a.message : safeString(a))).join(' '));
    };
  }
  return {
    release(forward) {
      methods.forEach((m, i) => (console[m] = saved[i]!));
      if (!forward) return;
      for (const text of held) if (!text.includes('tfjs-node')) process.stderr.write(`${text.trimEnd()}\n`);
    },
  };
}

function safeString(value: unknown): string {
  try {
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  } catch {
    return String(value);
  }
}

/** Runs a tool's main with the exit-code contract above. */
export function runCli(name: string, main: (argv: readonly string[]) => Promise<void>): void {
  let reported = false;
  const die = (e: unknown) => {
    if (reported) return;
    reported = true;
    const input = e instanceof InputError;
    process.stderr.write(`${name}: ${input ? errorText(e) : `internal error: ${errorText(e)}`}\n`);
    process.exitCode = input ? 2 : 1;
    // Something (a wasm worker, a timer) might keep the process alive after a failure.
    setTimeout(() => process.exit(), 1000).unref();
  };
  process.on('uncaughtException', die);
  process.on('unhandledRejection', die);
  main(process.argv.slice(2)).then(() => {
    process.exitCode ??= 0;
    // The threaded wasm build's pthread workers stay referenced once used: leave when only they are left.
    setTimeout(() => process.exit(), 1000).unref();
  }, die);
}
