import type { Duplex } from 'node:stream';

/** Reason phrases of the statuses an upgrade is refused with. */
const REASON_PHRASES: Readonly<Record<number, string>> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
};

/**
 * Answers a WebSocket upgrade request with a plain HTTP error and a JSON body, then closes
 * the socket: the client's WebSocket sees the status (401 makes it refresh its token).
 */
export function refuseUpgrade(socket: Duplex, status: number, body: object): void {
  const text = JSON.stringify(body);
  const reason = REASON_PHRASES[status] ?? 'Error';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\n` +
      `Connection: close\r\n\r\n${text}`,
  );
}
