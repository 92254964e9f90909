/** One structured log line: an event name plus fields. */
export type LogFields = Readonly<Record<string, string | number | boolean | null | undefined>>;

/** Structured logging; the default writes one JSON object per line to stdout. */
export interface Logger {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

/** Field names whose values are never written, whatever a caller passes. */
const SECRET_FIELDS = /token|secret|authorization|password/i;
/** A JWT anywhere in a value (three base64url parts). */
const JWT_LIKE = /eyJ[\w-]+\.[\w-]+\.[\w-]*/g;

function scrub(fields: LogFields): Record<string, unknown> {
  const safe: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (SECRET_FIELDS.test(key)) safe[key] = '[redacted]';
    else safe[key] = typeof value === 'string' ? value.replace(JWT_LIKE, '[jwt]') : value;
  }
  return safe;
}

/** JSON lines on stdout (info) and stderr (warn, error); tokens are redacted. */
export function jsonLogger(write: (line: string, level: string) => void = defaultWrite): Logger {
  const log =
    (level: string) =>
    (event: string, fields: LogFields = {}) =>
      write(
        JSON.stringify({ time: new Date().toISOString(), level, event, ...scrub(fields) }),
        level,
      );
  return { info: log('info'), warn: log('warn'), error: log('error') };
}

function defaultWrite(line: string, level: string): void {
  (level === 'info' ? process.stdout : process.stderr).write(`${line}\n`);
}

/** Discards everything (tests). */
export const silentLogger: Logger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
