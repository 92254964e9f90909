import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServerConfig } from '../config';
import { originAllowed } from '../config';

/** Largest HTTP request body read (the frame limit applies to posted frames too). */
export function maxBodyBytes(config: ServerConfig): number {
  return config.maxFrameBytes;
}

/** Reads a request body as text, refusing bodies over `limit` bytes. */
export async function readBody(request: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Thrown by {@link readBody} for an oversized body (answered with 413). */
export class BodyTooLarge extends Error {
  constructor() {
    super('request body too large');
  }
}

/** Parses a JSON body, dropping prototype-polluting keys; `undefined` when it is not JSON. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text, (key, value: unknown) =>
      key === '__proto__' || key === 'constructor' || key === 'prototype' ? undefined : value,
    );
  } catch {
    return undefined;
  }
}

/** Sends a JSON response. */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
    ...headers,
  });
  response.end(text);
}

/**
 * CORS for browser clients on allowed origins (the demo runs on another port). Returns true
 * when the request was a preflight and is fully answered.
 */
export function applyCors(
  config: ServerConfig,
  request: IncomingMessage,
  response: ServerResponse,
): boolean {
  const origin = request.headers.origin;
  if (origin !== undefined && originAllowed(config, origin)) {
    response.setHeader('Access-Control-Allow-Origin', origin);
    response.setHeader('Vary', 'Origin');
    response.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type');
    response.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
    response.setHeader(
      'Access-Control-Expose-Headers',
      'X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, Retry-After',
    );
  }
  if (request.method !== 'OPTIONS') return false;
  response.writeHead(204);
  response.end();
  return true;
}
