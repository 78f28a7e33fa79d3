import { createHash } from 'node:crypto';

/** Stable bytes from a string: the simulator's "Azure" allocations are reproducible per name. */
export function hashBytes(input: string): Buffer {
  return createHash('sha256').update(input).digest();
}

export function hashHex(input: string, length: number): string {
  return hashBytes(input).toString('hex').slice(0, length);
}
