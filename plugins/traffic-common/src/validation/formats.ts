/**
 * String formats the API server checks on CRD fields (kube-openapi's format registry). Numeric
 * formats such as int32/int64/double are *not* checked by the API server (it logs them as
 * unrecognized), so they are deliberately absent here.
 */

/** Go's net.ParseIP for dotted IPv4: four decimal octets, no leading zeros (Go >= 1.17). */
export function isIPv4(text: string): boolean {
  const parts = text.split('.');
  if (parts.length !== 4) return false;
  return parts.every(
    part => /^(0|[1-9][0-9]{0,2})$/.test(part) && Number(part) <= 255,
  );
}

/** Go's net.ParseIP for IPv6 (optionally with a trailing dotted IPv4), no zone. */
export function isIPv6(text: string): boolean {
  if (!text.includes(':')) return false;
  let body = text;
  let groupsNeeded = 8;
  const lastColon = body.lastIndexOf(':');
  const tail = body.slice(lastColon + 1);
  if (tail.includes('.')) {
    if (!isIPv4(tail)) return false;
    body = `${body.slice(0, lastColon + 1)}0`; // the IPv4 tail stands for two groups
    groupsNeeded = 7;
  }
  const halves = body.split('::');
  if (halves.length > 2) return false;
  const parseGroups = (half: string) => (half === '' ? [] : half.split(':'));
  const groups = halves.flatMap(parseGroups);
  if (!groups.every(group => /^[0-9A-Fa-f]{1,4}$/.test(group))) return false;
  if (halves.length === 2) return groups.length < groupsNeeded;
  return groups.length === groupsNeeded;
}

export function isIP(text: string): boolean {
  return isIPv4(text) || isIPv6(text);
}

/** Go's net.ParseCIDR. */
export function isCIDR(text: string): boolean {
  const slash = text.indexOf('/');
  if (slash < 0) return false;
  const address = text.slice(0, slash);
  const bits = text.slice(slash + 1);
  if (!/^[0-9]{1,3}$/.test(bits)) return false;
  if (isIPv4(address)) return Number(bits) <= 32;
  if (isIPv6(address)) return Number(bits) <= 128;
  return false;
}

function isDateTime(text: string): boolean {
  const match =
    /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:?\d{2})$/.exec(
      text,
    );
  if (!match) return false;
  return (
    isDate(`${match[1]}-${match[2]}-${match[3]}`) &&
    Number(match[4]) < 24 &&
    Number(match[5]) < 60 &&
    Number(match[6]) < 61
  );
}

function isDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const date = new Date(
    Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])),
  );
  return (
    date.getUTCMonth() === Number(match[2]) - 1 &&
    date.getUTCDate() === Number(match[3])
  );
}

const FORMAT_CHECKS: Record<string, (text: string) => boolean> = {
  ipv4: isIPv4,
  ipv6: isIPv6,
  cidr: isCIDR,
  'date-time': isDateTime,
  datetime: isDateTime,
  date: isDate,
  uuid: text =>
    /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(
      text,
    ),
  byte: text =>
    /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(
      text,
    ),
  hostname: text =>
    text.length <= 255 &&
    /^[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?(\.[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?)*\.?$/.test(
      text,
    ),
  mac: text => /^([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}$/.test(text),
};

/** `undefined` when the API server does not check this format; otherwise whether `text` conforms. */
export function checkStringFormat(
  format: string,
  text: string,
): boolean | undefined {
  const check = FORMAT_CHECKS[format];
  return check ? check(text) : undefined;
}
