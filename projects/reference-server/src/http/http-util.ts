import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServerConfig } from '../config';
import { originAllowed } from '../config';

/** Largest HTTP request body read (the frame limit applies to posted frames too). */
export function maxBodyBytes(config: ServerConfig): number {
  return config.maxFrameBytes;
}

/**
 * Reads a request body as text, refusing bodies over `limit` bytes. An oversized body is
 * drained, not destroyed: destroying the request would reset the socket before the 413 goes
 * out.
 */
export async function readBody(request: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(request.headers['content-length']);
  return new Promise((resolve, reject) => {
    const refuse = () => {
      request.removeListener('data', onData);
      request.removeListener('end', onEnd);
      request.resume();
      reject(new BodyTooLarge());
    };
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) refuse();
      else chunks.push(chunk);
    };
    const onEnd = () => resolve(Buffer.concat(chunks).toString('utf8'));
    request.on('data', onData);
    request.on('end', onEnd);
    request.once('error', reject);
    if (Number.isFinite(declared) && declared > limit) refuse();
  });
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

/** A plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads the body as text within `limit` bytes. Answers 413 itself (and closes the
 * connection, whose unread rest is discarded) and returns `undefined` then.
 */
export async function readBodyOrRefuse(
  request: IncomingMessage,
  response: ServerResponse,
  limit: number,
): Promise<string | undefined> {
  try {
    return await readBody(request, limit);
  } catch (error) {
    if (!(error instanceof BodyTooLarge)) throw error;
    sendJson(
      response,
      413,
      { error: `request body too large (limit ${limit} bytes)`, code: 'INVALID_MESSAGE' },
      { Connection: 'close' },
    );
    return undefined;
  }
}

/**
 * Reads a JSON object body (forbidden keys dropped). Answers 413 or 400 itself and returns
 * `undefined` then.
 */
export async function readJsonObject(
  request: IncomingMessage,
  response: ServerResponse,
  limit: number,
): Promise<Record<string, unknown> | undefined> {
  const text = await readBodyOrRefuse(request, response, limit);
  if (text === undefined) return undefined;
  const body = parseJsonBody(text);
  if (!isJsonObject(body)) {
    badRequest(response, 'request body must be a JSON object');
    return undefined;
  }
  return body;
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

/** 400 with `{error, code: 'INVALID_MESSAGE'}`: the request is malformed. */
export function badRequest(response: ServerResponse, message: string): void {
  sendJson(response, 400, { error: message, code: 'INVALID_MESSAGE' });
}

/** 405 for a known path asked with another method. */
export function methodNotAllowed(response: ServerResponse, allowed: readonly string[]): void {
  sendJson(response, 405, { error: 'method not allowed' }, { Allow: allowed.join(', ') });
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
