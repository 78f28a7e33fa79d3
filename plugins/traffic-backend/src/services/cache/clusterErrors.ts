import { ApiException } from '@kubernetes/client-node';
import {
  classifyClusterError,
  type ClusterError,
} from '@aks-traffic/backstage-plugin-traffic-common';
import { ClusterAuthError } from '../auth';

/** Thrown by the cache when a cluster did not answer within the read bound. */
export class ClusterTimeoutError extends Error {
  readonly name = 'TimeoutError';
}

function isKubernetesStatus(value: unknown): value is {
  kind: 'Status';
  code?: number;
  reason?: string;
  message?: string;
} {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { kind?: unknown }).kind === 'Status'
  );
}

function parseMaybeJson(body: unknown): unknown {
  if (typeof body !== 'string') {
    return body;
  }
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

/**
 * Turns whatever a cluster read failed with into the classified, display-safe `ClusterError`:
 * Kubernetes `Status` bodies keep their reason and message; non-Kubernetes answers (an HTML 502 from
 * a proxy) become a sentence without the body; network errors keep their code; Azure AD and config
 * failures are `unauthorized`. Never includes headers, tokens or response bodies other than Status.
 */
export function describeClusterError(error: unknown): ClusterError {
  if (error instanceof ClusterAuthError) {
    return {
      kind: 'unauthorized',
      reason: 'CredentialUnavailable',
      message: error.message,
    };
  }
  if (error instanceof ApiException || isApiExceptionLike(error)) {
    const { code } = error as { code: number };
    const body = parseMaybeJson((error as { body?: unknown }).body);
    if (isKubernetesStatus(body)) {
      return classifyClusterError({
        statusCode: code,
        body: {
          code: body.code ?? code,
          reason: body.reason ?? String(code),
          message: body.message ?? `HTTP ${code}`,
        },
      });
    }
    return classifyClusterError({
      statusCode: code,
      reason: httpReason(code),
      message:
        code === 401
          ? 'The API server rejected the credentials (HTTP 401 Unauthorized)'
          : `The API server (or a proxy in front of it) answered HTTP ${code} without a Kubernetes Status`,
    });
  }
  if (isKubernetesStatus(error)) {
    return classifyClusterError({ statusCode: error.code, body: error });
  }
  const record = (error ?? {}) as {
    name?: string;
    type?: string;
    code?: unknown;
    message?: string;
    statusCode?: number;
  };
  if (error instanceof ClusterTimeoutError) {
    return { kind: 'timeout', reason: 'Timeout', message: error.message };
  }
  if (record.name === 'AbortError' || record.type === 'aborted') {
    return {
      kind: 'timeout',
      reason: 'Timeout',
      message: 'The API server did not answer in time',
    };
  }
  if (record.name === 'InputError') {
    return {
      kind: 'unknown',
      reason: 'Misconfigured',
      message: record.message ?? 'Cluster misconfigured',
    };
  }
  if (typeof record.statusCode === 'number') {
    // client-node's Watch rejects with `statusCode` and the HTTP status text.
    return classifyClusterError({
      statusCode: record.statusCode,
      reason: httpReason(record.statusCode),
      message: `The API server answered HTTP ${record.statusCode} to a watch`,
    });
  }
  const classified = classifyClusterError(error);
  return { ...classified, message: sanitize(classified.message) };
}

function isApiExceptionLike(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'number' &&
    'body' in error &&
    'headers' in error
  );
}

function httpReason(code: number): string {
  switch (code) {
    case 401:
      return 'Unauthorized';
    case 403:
      return 'Forbidden';
    case 404:
      return 'NotFound';
    case 502:
      return 'BadGateway';
    case 503:
      return 'ServiceUnavailable';
    case 504:
      return 'GatewayTimeout';
    default:
      return code >= 500 ? 'InternalError' : String(code);
  }
}

/** Network error messages name the URL; keep them short and free of query strings. */
function sanitize(message: string): string {
  const short = message.replace(/\?[^\s]*/g, '').split('\n')[0];
  return short.length > 300 ? `${short.slice(0, 297)}...` : short;
}
