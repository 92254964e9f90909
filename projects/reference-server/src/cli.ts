import { parseArgs } from 'node:util';
import { DIALECT_NAMES, type DialectName, type ServerOptions } from './config';

/** Usage text of `ngx-realtime-server`. */
export const USAGE = `Usage: ngx-realtime-server --secret <secret> [options]

  --port <n>         port (default 8082; 0 picks a free one)
  --host <address>   interface (default 127.0.0.1)
  --secret <s>       HS256 JWT secret (or NGX_REALTIME_SECRET)
  --dev              dev mode: POST /api/v1/auth/dev-token hands out tokens
  --simulate         simulated traffic from other users (implies --dev)
  --control          test-control API under /api/v1/control (never in production)
  --origins <list>   comma-separated allowed origins (default: localhost origins)
  --dialect <name>   WebSocket dialect: socialhub (default), chat-api or listings
  --redis <url>      run as a cluster instance sharing state through Redis
                     (or NGX_REALTIME_REDIS), e.g. redis://127.0.0.1:6379
  --help             this text
`;

/** Parses the command line; throws with a readable message on bad input. */
export function parseCli(argv: readonly string[], env: NodeJS.ProcessEnv): ServerOptions | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      secret: { type: 'string' },
      dev: { type: 'boolean' },
      simulate: { type: 'boolean' },
      control: { type: 'boolean' },
      origins: { type: 'string' },
      dialect: { type: 'string' },
      redis: { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help === true) return 'help';
  const secret = values.secret ?? env['NGX_REALTIME_SECRET'];
  if (secret === undefined || secret === '')
    throw new Error('--secret (or NGX_REALTIME_SECRET) is required');
  const port = values.port === undefined ? 8082 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error('--port must be 0..65535');
  const simulate = values.simulate === true;
  const dialect = values.dialect ?? 'socialhub';
  if (!DIALECT_NAMES.includes(dialect as DialectName))
    throw new Error(`--dialect must be one of ${DIALECT_NAMES.join(', ')}`);
  const redis = values.redis ?? env['NGX_REALTIME_REDIS'];
  if (redis !== undefined && redis !== '' && !/^rediss?:\/\//.test(redis))
    throw new Error('--redis must be a redis:// or rediss:// URL');
  return {
    secret,
    port,
    host: values.host ?? '127.0.0.1',
    dev: values.dev === true || simulate,
    simulate,
    control: values.control === true,
    ...(dialect === 'socialhub' ? {} : { dialect: dialect as DialectName }),
    ...(redis === undefined || redis === '' ? {} : { redis }),
    ...(values.origins === undefined
      ? {}
      : {
          allowedOrigins: values.origins
            .split(',')
            .map((origin) => origin.trim())
            .filter(Boolean),
        }),
  };
}
