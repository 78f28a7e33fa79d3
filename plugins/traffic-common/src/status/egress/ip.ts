/** IPv4/IPv6 syntax checks written for the browser too (no Node `net`). */

export function isIPv4(value: string): boolean {
  const parts = value.split('.');
  return (
    parts.length === 4 &&
    parts.every(p => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255)
  );
}

export function isIPv6(value: string): boolean {
  if (value.length === 0 || value.includes('%')) {
    return false;
  }
  let address = value;
  let groupsNeeded = 8;
  // An embedded IPv4 tail (e.g. ::ffff:10.0.0.1) counts as two groups.
  const lastColon = address.lastIndexOf(':');
  const tail = address.slice(lastColon + 1);
  if (tail.includes('.')) {
    if (!isIPv4(tail)) {
      return false;
    }
    address = `${address.slice(0, lastColon + 1)}0`;
    groupsNeeded = 7;
  }
  const doubleColons = address.split('::').length - 1;
  if (doubleColons > 1) {
    return false;
  }
  const isGroup = (g: string) => /^[0-9a-fA-F]{1,4}$/.test(g);
  if (doubleColons === 1) {
    const [head, rest] = address.split('::');
    const headGroups = head ? head.split(':') : [];
    const restGroups = rest ? rest.split(':') : [];
    return (
      [...headGroups, ...restGroups].every(isGroup) &&
      headGroups.length + restGroups.length < groupsNeeded
    );
  }
  const groups = address.split(':');
  return groups.length === groupsNeeded && groups.every(isGroup);
}

export function isIPAddress(value: string): boolean {
  return isIPv4(value) || isIPv6(value);
}

/** `20.1.2.0/30` or `2001:db8::/64` with a prefix length valid for the family. */
export function isCidr(value: string): boolean {
  const slash = value.indexOf('/');
  if (slash < 0) {
    return false;
  }
  const address = value.slice(0, slash);
  const length = value.slice(slash + 1);
  if (!/^(0|[1-9][0-9]{0,2})$/.test(length)) {
    return false;
  }
  const bits = Number(length);
  return (isIPv4(address) && bits <= 32) || (isIPv6(address) && bits <= 128);
}
