import { parseArgs, type ParseArgsConfig } from 'node:util';
import '../config/zodMessages.js';
import { loadDotEnv } from '../config/dotenv.js';
import { EnvError } from '../config/env.js';
import { ConfigError } from '../config/loadNetwork.js';
import { StoreCorruptError } from '../store/durableJsonFile.js';
import { DatabaseUnreachableError } from '../store/postgres/migrate.js';

/** A mistake in how the tool was called or configured: one Dutch line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** What a tool says when its task itself failed (an import refused, a broken trail): exit code 1. */
export class TaskFailed extends Error {
  override name = 'TaskFailed';
}

export interface CommandLine<Options extends NonNullable<ParseArgsConfig['options']>> {
  /** How to call the tool, shown on `--help` and after every usage mistake. */
  usage: string;
  options?: Options;
  /** Positional arguments allowed at most. */
  maxPositionals?: number;
}

/**
 * Runs a command-line tool the way `npm start` runs the bot: `.env` first, then the tool.
 * Whatever goes wrong becomes one line for the person at the terminal, never a stack trace:
 * exit code 2 for a wrong call, a wrong setting or a missing file; 1 when the work failed.
 */
export async function runCommand<Options extends NonNullable<ParseArgsConfig['options']>>(
  commandLine: CommandLine<Options>,
  tool: (args: { values: Record<string, string | boolean | undefined>; positionals: string[] }) => Promise<void>,
): Promise<void> {
  try {
    loadDotEnv();
    const parsed = parseCommandLine(commandLine);
    if (parsed.values.help) {
      console.log(commandLine.usage);
      return;
    }
    await tool(parsed);
  } catch (error) {
    const { line, exitCode } = explain(error, commandLine.usage);
    console.error(line);
    process.exitCode = exitCode;
  }
}

function parseCommandLine<Options extends NonNullable<ParseArgsConfig['options']>>(commandLine: CommandLine<Options>) {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    strict: true,
    options: { ...commandLine.options, help: { type: 'boolean', short: 'h' } },
  });
  if (positionals.length > (commandLine.maxPositionals ?? 0)) throw new UsageError(`Onverwacht argument '${positionals[commandLine.maxPositionals ?? 0]}'.`);
  return { values: values as Record<string, string | boolean | undefined>, positionals };
}

function explain(error: unknown, usage: string): { line: string; exitCode: number } {
  if (error instanceof UsageError) return { line: `${error.message} ${usage}`, exitCode: 2 };
  if (error instanceof TaskFailed) return { line: error.message, exitCode: 1 };
  if (error instanceof EnvError) return { line: `De omgevingsvariabelen zijn ongeldig: ${error.problems.join('; ')}. Zie .env.example.`, exitCode: 2 };
  if (error instanceof ConfigError) return { line: `De netwerkconfiguratie is ongeldig: ${error.lines.join('; ')}`, exitCode: 2 };
  if (error instanceof StoreCorruptError || error instanceof DatabaseUnreachableError) return { line: error.message, exitCode: 2 };
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const quoted = /'([^']+)'/.exec(message)?.[1] ?? '';
  const path = (error as NodeJS.ErrnoException | undefined)?.path ?? '';
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return { line: `Onbekende optie '${quoted}'. ${usage}`, exitCode: 2 };
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return { line: `Optie '${optionName(message)}' heeft een waarde nodig. ${usage}`, exitCode: 2 };
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return { line: `Onverwacht argument '${quoted}'. ${usage}`, exitCode: 2 };
    case 'ENOENT':
      return { line: `Bestand of map niet gevonden: ${path}`, exitCode: 2 };
    case 'EISDIR':
      return { line: `${path} is een map, geen bestand.`, exitCode: 2 };
    case 'EACCES':
    case 'EPERM':
      return { line: `Geen toegang tot ${path}.`, exitCode: 2 };
    default:
      return { line: `Onverwachte fout: ${message.split('\n')[0]}`, exitCode: 1 };
  }
}

/** Node's message reads "Option '-u, --uit <value>' argument missing"; the long name is what users typed. */
function optionName(message: string): string {
  return /--[\w-]+/.exec(message)?.[0] ?? /'([^']+)'/.exec(message)?.[1] ?? '';
}
