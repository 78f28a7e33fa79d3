import type { IncomingMessage, ServerResponse } from 'node:http';
import yaml from 'js-yaml';
import { badRequest, failureStatus, StatusError, type KubeStatus } from '../store/errors';

/** The API server's request body limit (3 MiB). */
const MAX_BODY_BYTES = 3 * 1024 * 1024;

export function sendJson(res: ServerResponse, code: number, body: unknown | string, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', ...headers });
  res.end(text);
}

export function sendStatus(res: ServerResponse, status: KubeStatus, headers: Record<string, string> = {}): void {
  sendJson(res, status.code, status, headers);
}

export function sendError(res: ServerResponse, error: unknown): void {
  if (error instanceof StatusError) {
    sendStatus(res, error.toStatus());
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  sendStatus(res, failureStatus(500, 'InternalError', `Internal error occurred: ${message}`));
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new StatusError(413, 'RequestEntityTooLarge', 'Request entity too large: limit is 3145728');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The media type without parameters (`application/json; charset=utf-8` → `application/json`). */
export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0].trim().toLowerCase();
}

/** Parses a JSON (or, for apply and YAML media types, YAML) body into an object. */
export function parseBody(text: string, type: string): unknown {
  if (text.trim() === '') throw badRequest('the request body is empty');
  try {
    if (type.endsWith('yaml')) return yaml.load(text);
    return JSON.parse(text);
  } catch (error) {
    throw badRequest(`the body of the request could not be decoded: ${(error as Error).message}`);
  }
}
