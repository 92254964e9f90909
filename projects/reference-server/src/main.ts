import { parseCli, USAGE } from './cli';
import { jsonLogger } from './logger';
import { createReferenceServer } from './server';

/** `ngx-realtime-server`: starts the server and stops it cleanly on SIGINT / SIGTERM. */
async function main(): Promise<void> {
  let options;
  try {
    options = parseCli(process.argv.slice(2), process.env);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    process.exit(2);
  }
  if (options === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  const logger = jsonLogger();
  const server = createReferenceServer({ ...options, logger });
  await server.start();
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('server.signal', { signal });
    void server.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

void main();
