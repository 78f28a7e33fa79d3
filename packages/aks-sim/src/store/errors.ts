/** A Kubernetes `Status` cause, as returned in `details.causes`. */
export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  uid?: string;
  group?: string;
  kind?: string;
  retryAfterSeconds?: number;
  causes?: StatusCause[];
}

/** The `Status` object Kubernetes answers failures with. */
export interface KubeStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message: string;
  reason: string;
  details?: StatusDetails;
  code: number;
}

/**
 * An error the simulated API server reports as a Kubernetes `Status`. The store throws these so the
 * HTTP layer and in-process callers (controllers, tests) see the same reasons and codes.
 */
export class StatusError extends Error {
  readonly code: number;
  readonly reason: string;
  readonly details?: StatusDetails;

  constructor(code: number, reason: string, message: string, details?: StatusDetails) {
    super(message);
    this.name = 'StatusError';
    this.code = code;
    this.reason = reason;
    this.details = details;
  }

  toStatus(): KubeStatus {
    return failureStatus(this.code, this.reason, this.message, this.details);
  }
}

export function failureStatus(code: number, reason: string, message: string, details?: StatusDetails): KubeStatus {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  };
}

/** Names a resource the way API server messages do: `httproutes.gateway.networking.k8s.io`. */
export function qualifiedResource(group: string, plural: string): string {
  return group ? `${plural}.${group}` : plural;
}

/** 404 as the API server words it; like Kubernetes, `details.kind` holds the resource (plural). */
export function notFound(group: string, plural: string, name: string): StatusError {
  return new StatusError(404, 'NotFound', `${qualifiedResource(group, plural)} "${name}" not found`, {
    name,
    group,
    kind: plural,
  });
}

export function alreadyExists(group: string, plural: string, name: string): StatusError {
  return new StatusError(409, 'AlreadyExists', `${qualifiedResource(group, plural)} "${name}" already exists`, {
    name,
    group,
    kind: plural,
  });
}

export function conflict(group: string, plural: string, name: string, why: string, causes?: StatusCause[]): StatusError {
  return new StatusError(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedResource(group, plural)} "${name}": ${why}`, {
    name,
    group,
    kind: plural,
    ...(causes ? { causes } : {}),
  });
}

export function invalid(group: string, kind: string, name: string, message: string, causes: StatusCause[]): StatusError {
  return new StatusError(422, 'Invalid', message, { name, group, kind, causes });
}

/** Builds the API server's 422 message: `Kind.group "name" is invalid: [field: detail, ...]`. */
export function invalidMessage(group: string, kind: string, name: string, causes: StatusCause[]): string {
  const qualifiedKind = group ? `${kind}.${group}` : kind;
  const parts = causes.map(c => (c.field ? `${c.field}: ${c.message}` : `${c.message}`));
  const joined = parts.length === 1 ? parts[0] : `[${parts.join(', ')}]`;
  return `${qualifiedKind} "${name}" is invalid: ${joined}`;
}

export function badRequest(message: string, causes?: StatusCause[]): StatusError {
  return new StatusError(400, 'BadRequest', message, causes ? { causes } : undefined);
}

export function forbidden(message: string, details?: StatusDetails): StatusError {
  return new StatusError(403, 'Forbidden', message, details);
}

export function methodNotAllowed(message = 'the server does not allow this method on the requested resource'): StatusError {
  return new StatusError(405, 'MethodNotAllowed', message);
}

export function expired(message: string): StatusError {
  return new StatusError(410, 'Expired', message);
}

export function unsupportedMediaType(contentType: string): StatusError {
  return new StatusError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json (got ${contentType})`);
}

export function isStatusError(error: unknown): error is StatusError {
  return error instanceof StatusError;
}

/** The `Status` a DELETE answers with once the object is gone. */
export function successStatus(details: StatusDetails): Omit<KubeStatus, 'message' | 'reason' | 'code'> {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details };
}
