/**
 * A benchmark's server side in a child process, driven over IPC: the child sends
 * `{ type: 'ready', ... }` once listening and answers each `{ id, cmd, ... }` with `{ id, ... }`.
 */
import { fork } from 'node:child_process';

/**
 * Forks `script` and resolves with the child's ready message plus `ask(cmd, fields)` (sends a
 * command and resolves with its answer) and the `child` itself.
 */
export async function startServerProcess(script, env = process.env) {
  const child = fork(script, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env });
  const pending = new Map();
  let nextId = 0;
  const ready = await new Promise((done, fail) => {
    child.once('exit', (code) => fail(new Error(`server process exited (${code})`)));
    child.on('message', (message) => {
      if (message.type === 'ready') done(message);
      const answer = pending.get(message.id);
      if (answer === undefined) return;
      pending.delete(message.id);
      answer(message);
    });
  });
  const ask = (cmd, fields = {}) => {
    const id = nextId++;
    return new Promise((done) => {
      pending.set(id, done);
      child.send({ id, cmd, ...fields });
    });
  };
  return { ...ready, ask, child };
}

/** Waits (bounded) until `condition` (sync or async) holds, checking every `pollMs`. */
export async function until(condition, what, ms = 5000, pollMs = 0) {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((done) => (pollMs === 0 ? setImmediate(done) : setTimeout(done, pollMs)));
  }
}

/** Open sockets of a reference server. */
export function countOpenConnections(server) {
  let count = 0;
  for (const connection of server.hub.connections()) if (connection.open) count++;
  return count;
}

/**
 * The child's side: answers each `{ id, cmd, ... }` with `{ id, ...await commands[cmd](message) }`;
 * `stop` stops the server, answers and exits; the child exits when the parent goes away.
 * Starts the server, then sends `{ type: 'ready', url, ...ready(server) }`. `current` returns
 * the server (a benchmark that restarts it swaps the instance).
 */
export async function serveCommands(current, commands, ready = () => ({})) {
  process.on('message', (message) => {
    if (message.cmd === 'stop') {
      void current()
        .stop()
        .then(() => process.send?.({ id: message.id }, () => process.exit(0)));
      return;
    }
    const command = commands[message.cmd];
    if (command === undefined) return;
    void Promise.resolve(command(message)).then((answer) =>
      process.send?.({ id: message.id, ...answer }),
    );
  });
  process.on('disconnect', () => process.exit(0));
  await current().start();
  process.send?.({ type: 'ready', url: current().url, ...ready(current()) });
}
