import type { StatusCheck } from '@aks-traffic/backstage-plugin-traffic-common';

/** Shorthands for the interpreted conditions the fixtures are made of. */
export const ok = (message: string, reason?: string): StatusCheck => ({
  state: 'ok',
  message,
  reason,
});

export const failing = (
  reason: string,
  message: string,
  fix: string,
): StatusCheck => ({ state: 'error', reason, message, fix });

export const pending = (message: string, reason?: string): StatusCheck => ({
  state: 'pending',
  message,
  reason,
});
