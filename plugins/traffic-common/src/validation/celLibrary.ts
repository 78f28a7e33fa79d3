/**
 * The CEL environment Kubernetes evaluates `x-kubernetes-validations` in: cel-js plus the parts of
 * the Kubernetes CEL libraries our CRDs use (regex `matches` with RE2 syntax, `url()` / `isURL`,
 * `isIP` / `ip()` / `isCIDR`). Built once; building an environment is expensive.
 */
import { Environment } from '@marcbachmann/cel-js';
import { isCIDR, isIP, isIPv4 } from './formats';
import { re2Test } from './re2';

/** Name our RE2-backed `matches` is registered under (cel-js ships a JS-regex `matches`). */
export const RE2_MATCHES_FUNCTION = 'k8sMatches';

/** A URL parsed the way Go's `url.ParseRequestURI` does (what Kubernetes' `url()` uses). */
export class KubeUrl {
  constructor(
    readonly scheme: string,
    readonly host: string,
    readonly escapedPath: string,
    readonly query: string,
  ) {}

  get hostname(): string {
    if (this.host.startsWith('['))
      return this.host.slice(1, this.host.indexOf(']'));
    const colon = this.host.lastIndexOf(':');
    return colon < 0 ? this.host : this.host.slice(0, colon);
  }

  get port(): string {
    const afterBracket = this.host.startsWith('[')
      ? this.host.slice(this.host.indexOf(']') + 1)
      : this.host;
    const colon = afterBracket.lastIndexOf(':');
    return colon < 0 ? '' : afterBracket.slice(colon + 1);
  }
}

const VALID_ESCAPES = /%(?![0-9A-Fa-f]{2})/;

/** Go `url.ParseRequestURI`: an absolute URI or an absolute path; `undefined` when Go errors. */
export function parseRequestUri(text: string): KubeUrl | undefined {
  // Control characters are rejected by Go's parser.
  if ([...text].some(c => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f))
    return undefined;
  let rest = text;
  let scheme = '';
  const schemeMatch = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(rest);
  if (schemeMatch) {
    scheme = schemeMatch[1].toLowerCase();
    rest = rest.slice(schemeMatch[0].length);
  } else if (rest.startsWith(':')) {
    return undefined; // missing protocol scheme
  }
  const queryIndex = rest.indexOf('?');
  const query = queryIndex < 0 ? '' : rest.slice(queryIndex + 1);
  if (queryIndex >= 0) rest = rest.slice(0, queryIndex);
  if (!rest.startsWith('/')) {
    // `scheme:opaque` is a valid request URI; a relative path is not.
    return scheme ? new KubeUrl(scheme, '', '', query) : undefined;
  }
  let host = '';
  if (scheme && rest.startsWith('//')) {
    const authorityEnd = rest.indexOf('/', 2);
    const authority =
      authorityEnd < 0 ? rest.slice(2) : rest.slice(2, authorityEnd);
    rest = authorityEnd < 0 ? '' : rest.slice(authorityEnd);
    host = authority.slice(authority.lastIndexOf('@') + 1);
    if (!isValidHost(host)) return undefined;
  }
  if (VALID_ESCAPES.test(rest)) return undefined;
  return new KubeUrl(scheme, host, rest, query);
}

function isValidHost(host: string): boolean {
  if (host.startsWith('[')) {
    const close = host.indexOf(']');
    if (close < 0) return false;
    const port = host.slice(close + 1);
    return port === '' || /^:[0-9]*$/.test(port);
  }
  const colon = host.lastIndexOf(':');
  if (colon >= 0 && !/^[0-9]*$/.test(host.slice(colon + 1))) return false;
  const name = colon < 0 ? host : host.slice(0, colon);
  return (
    /^[A-Za-z0-9\-._~!$&'()*+,;=%]*$/.test(name) && !VALID_ESCAPES.test(name)
  );
}

/** A parsed IP address for `ip()`. */
export class KubeIp {
  constructor(readonly address: string) {}
}

function evaluationFailure(message: string): Error {
  return new Error(message);
}

function createEnvironment(): Environment {
  return new Environment()
    .registerVariable('self', 'dyn')
    .registerVariable('oldSelf', 'dyn')
    .registerFunction(
      `string.${RE2_MATCHES_FUNCTION}(string): bool`,
      (text: string, pattern: string) => re2Test(pattern, text),
    )
    .registerType('net.URL', KubeUrl)
    .registerFunction(
      'isURL(string): bool',
      (text: string) => parseRequestUri(text) !== undefined,
    )
    .registerFunction('url(string): net.URL', (text: string) => {
      const parsed = parseRequestUri(text);
      if (!parsed)
        throw evaluationFailure(
          `URL parse error during conversion from string: ${text}`,
        );
      return parsed;
    })
    .registerFunction(
      'net.URL.getScheme(): string',
      (url: KubeUrl) => url.scheme,
    )
    .registerFunction('net.URL.getHost(): string', (url: KubeUrl) => url.host)
    .registerFunction(
      'net.URL.getHostname(): string',
      (url: KubeUrl) => url.hostname,
    )
    .registerFunction('net.URL.getPort(): string', (url: KubeUrl) => url.port)
    .registerFunction(
      'net.URL.getEscapedPath(): string',
      (url: KubeUrl) => url.escapedPath,
    )
    .registerType('net.IP', KubeIp)
    .registerFunction('isIP(string): bool', (text: string) => isIP(text))
    .registerFunction('isCIDR(string): bool', (text: string) => isCIDR(text))
    .registerFunction('ip(string): net.IP', (text: string) => {
      if (!isIP(text))
        throw evaluationFailure(
          `IP Address ${JSON.stringify(
            text,
          )} parse error during conversion from string`,
        );
      return new KubeIp(text);
    })
    .registerFunction('net.IP.family(): int', (ip: KubeIp) =>
      isIPv4(ip.address) ? 4n : 6n,
    );
}

let environment: Environment | undefined;

/** The shared Kubernetes-flavoured CEL environment (variables `self` and `oldSelf`, both dyn). */
export function kubeCelEnvironment(): Environment {
  environment ??= createEnvironment();
  return environment;
}

/** Index of the `)` closing the `(` at `open`, skipping CEL string literals; -1 if unbalanced. */
function closingParen(expression: string, open: number): number {
  let depth = 0;
  for (let i = open; i < expression.length; i++) {
    const c = expression[i];
    if (c === '"' || c === "'") {
      const quote = expression.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
      let j = i + quote.length;
      while (j < expression.length && !expression.startsWith(quote, j))
        j += expression[j] === '\\' ? 2 : 1;
      i = j + quote.length - 1;
    } else if (c === '(') {
      depth++;
    } else if (c === ')' && --depth === 0) {
      return i;
    }
  }
  return -1;
}

/**
 * cel-js only accepts `has(a.b.c)` on a chain of field selections from a variable, while CEL (and
 * Kubernetes rules such as `has(self.matches[0].path)`) allow any operand. Rewrites the others
 * to the equivalent map-key test `'path' in (self.matches[0])`.
 */
export function rewriteHasOnExpressions(expression: string): string {
  let result = '';
  let index = 0;
  const hasCall = /(^|[^\w.])has\s*\(/g;
  for (
    let match = hasCall.exec(expression);
    match;
    match = hasCall.exec(expression)
  ) {
    const open = match.index + match[0].length - 1;
    const close = closingParen(expression, open);
    if (close < 0) break;
    const argument = expression.slice(open + 1, close).trim();
    const selection = /^([\s\S]*)\.\s*([A-Za-z_][A-Za-z0-9_]*)$/.exec(argument);
    if (
      /^[A-Za-z_][A-Za-z0-9_]*(\s*\.\s*[A-Za-z_][A-Za-z0-9_]*)+$/.test(
        argument,
      ) ||
      !selection
    )
      continue;
    const operand = rewriteHasOnExpressions(selection[1]);
    result += `${expression.slice(index, match.index + match[1].length)}('${
      selection[2]
    }' in (${operand}))`;
    index = close + 1;
    hasCall.lastIndex = close + 1;
  }
  return result + expression.slice(index);
}

/** Adapts a Kubernetes CEL expression to cel-js (RE2 `matches`, general `has()`). */
export function adaptExpression(expression: string): string {
  return rewriteHasOnExpressions(useRe2Matches(expression));
}

/**
 * Rewrites `x.matches(re)` to our RE2 implementation. Only method calls are touched: field
 * accesses such as `self.matches[0]` (HTTPRoute) have no `(` after the name.
 */
export function useRe2Matches(expression: string): string {
  return expression.replace(/\.matches\s*\(/g, `.${RE2_MATCHES_FUNCTION}(`);
}
