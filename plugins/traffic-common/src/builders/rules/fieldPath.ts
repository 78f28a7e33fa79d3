/** Joins a parent field path and a child (`listeners[0].tls` + `keyVault` -> `listeners[0].tls.keyVault`). */
export function childField(parent: string, child: string | number): string {
  if (typeof child === 'number') return `${parent}[${child}]`;
  return parent ? `${parent}.${child}` : child;
}
