import { ClusterError, ClusterErrorKind } from '../model';
import { asNumber, asRecord, asString, field } from './safe';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
  'EAI_AGAIN',
]);
const TIMEOUT_CODES = new Set([
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'ABORT_ERR',
]);

/**
 * Classifies a failure to read a cluster (a Kubernetes `Status` body, an HTTP error with `statusCode`,
 * or a network error with `code`) so cards can say "cluster unreachable" rather than show a stack.
 */
export function classifyClusterError(error: unknown): ClusterError {
  const record = asRecord(error);
  const body = asRecord(record.body);
  const statusCode =
    asNumber(record.statusCode) ??
    asNumber(record.code) ??
    asNumber(body.code) ??
    asNumber(field(record, 'response', 'statusCode'));
  const code =
    asString(record.code) ?? asString(field(record, 'cause', 'code'));
  const reason =
    asString(body.reason) ??
    asString(record.reason) ??
    code ??
    (statusCode ? String(statusCode) : 'Unknown');
  const message =
    asString(body.message) ??
    asString(record.message) ??
    (typeof error === 'string' ? error : 'Unknown error');
  let kind: ClusterErrorKind = 'unknown';
  if (statusCode === 401) {
    kind = 'unauthorized';
  } else if (statusCode === 403) {
    kind = 'forbidden';
  } else if (statusCode === 404) {
    kind = 'not-installed';
  } else if (
    statusCode === 408 ||
    statusCode === 504 ||
    (code && TIMEOUT_CODES.has(code)) ||
    asString(record.name) === 'TimeoutError'
  ) {
    kind = 'timeout';
  } else if (statusCode !== undefined && statusCode >= 500) {
    kind = 'server-error';
  } else if (code && NETWORK_CODES.has(code)) {
    kind = 'unreachable';
  }
  return { message, reason, kind };
}
