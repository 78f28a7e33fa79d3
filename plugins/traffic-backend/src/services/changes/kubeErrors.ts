/** What a failed Kubernetes API call said, from client-node's ApiException or a network error. */
export interface KubeFailure {
  /** HTTP status, or 0 when the cluster could not be reached. */
  code: number;
  /** Kubernetes Status reason (NotFound, Conflict, Invalid, ...), when the server sent one. */
  reason?: string;
  message: string;
}

function parseBody(body: unknown): Record<string, unknown> | undefined {
  if (typeof body === 'string') {
    try {
      return JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  return body && typeof body === 'object'
    ? (body as Record<string, unknown>)
    : undefined;
}

/** Reads an error thrown by client-node (ApiException carries `code` and a Status `body`). */
export function kubeFailure(error: unknown): KubeFailure {
  const candidate = error as {
    code?: unknown;
    body?: unknown;
    message?: unknown;
  };
  if (candidate && typeof candidate.code === 'number') {
    const status = parseBody(candidate.body);
    const message =
      typeof status?.message === 'string' && status.message
        ? status.message
        : `HTTP ${candidate.code}`;
    return {
      code: candidate.code,
      reason: typeof status?.reason === 'string' ? status.reason : undefined,
      message,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 0, message: `cluster not reachable: ${message}` };
}

export function isNotFound(error: unknown): boolean {
  return (error as { code?: unknown })?.code === 404;
}
