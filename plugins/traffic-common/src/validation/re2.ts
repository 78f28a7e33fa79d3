/**
 * Translates Go RE2 syntax (what Kubernetes uses for `pattern` and CEL `matches`) into JavaScript
 * RegExps. Covers what CRDs use in practice: inline flags `(?i)` / `(?i:...)`, `\A`, `\z`,
 * `\Q...\E`, POSIX classes, `(?P<name>...)`, single-letter `\pL`, and Go's ASCII-only `\s`.
 * Results are cached: the same patterns are checked thousands of times.
 */

const POSIX_CLASSES: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

const GO_SPACE = '\\t\\n\\f\\r ';

function escapeLiteral(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, c => `\\${c}`);
}

/** Rewrites the RE2 source into JS source plus the global flags it set. */
export function translateRe2(pattern: string): {
  source: string;
  flags: string;
} {
  let out = '';
  let flags = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      const next = pattern[i + 1];
      if (next === 'Q') {
        const end = pattern.indexOf('\\E', i + 2);
        const literal = pattern.slice(i + 2, end < 0 ? undefined : end);
        out += escapeLiteral(literal);
        i = end < 0 ? pattern.length : end + 1;
        continue;
      }
      if (!inClass && next === 'A') {
        out += '^';
        i++;
        continue;
      }
      if (!inClass && next === 'z') {
        out += '$';
        i++;
        continue;
      }
      if (next === 's') {
        out += inClass ? GO_SPACE : `[${GO_SPACE}]`;
        i++;
        continue;
      }
      if (next === 'S') {
        out += inClass ? '\\S' : `[^${GO_SPACE}]`;
        i++;
        continue;
      }
      if ((next === 'p' || next === 'P') && pattern[i + 2] !== '{') {
        out += `\\${next}{${pattern[i + 2]}}`;
        i += 2;
        continue;
      }
      out += c + (next ?? '');
      i++;
      continue;
    }
    if (inClass) {
      if (c === '[' && pattern[i + 1] === ':') {
        const end = pattern.indexOf(':]', i + 2);
        const name = end < 0 ? '' : pattern.slice(i + 2, end);
        const negated = name.startsWith('^');
        const ranges = POSIX_CLASSES[negated ? name.slice(1) : name];
        if (ranges && !negated) {
          out += ranges;
          i = end + 1;
          continue;
        }
      }
      if (c === '[') {
        out += '\\[';
        continue;
      }
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      if (pattern[i + 1] === '^') {
        out += '^';
        i++;
      }
      if (pattern[i + 1] === ']') {
        out += '\\]'; // a leading ] is a literal in RE2
        i++;
      }
      continue;
    }
    if (c === '(' && pattern[i + 1] === '?') {
      const named = /^\(\?P<([A-Za-z_][A-Za-z0-9_]*)>/.exec(pattern.slice(i));
      if (named) {
        out += `(?<${named[1]}>`;
        i += named[0].length - 1;
        continue;
      }
      const flagGroup = /^\(\?([imsU-]+)(:|\))/.exec(pattern.slice(i));
      if (flagGroup) {
        const [whole, groupFlags, terminator] = flagGroup;
        const supported = groupFlags.replace(/U/g, '');
        if (terminator === ')') {
          // `(?i)` applies to the rest of the pattern: hoist to a JS flag (exact when it leads).
          for (const flag of supported.split('-')[0])
            if (!flags.includes(flag)) flags += flag;
          if (supported.includes('m') && !flags.includes('m')) flags += 'm';
        } else {
          out += supported ? `(?${supported}:` : '(?:';
        }
        i += whole.length - 1;
        continue;
      }
    }
    out += c;
  }
  return { source: out, flags };
}

const cache = new Map<string, RegExp>();

/** Compiles an RE2 pattern into a JS RegExp (cached). Throws a SyntaxError if it cannot. */
export function compileRe2(pattern: string): RegExp {
  let regexp = cache.get(pattern);
  if (!regexp) {
    const { source, flags } = translateRe2(pattern);
    try {
      // RE2 works on code points; the `u` flag gives JS the same view where the syntax allows it.
      regexp = new RegExp(source, `${flags}u`);
    } catch {
      regexp = new RegExp(source, flags);
    }
    cache.set(pattern, regexp);
  }
  return regexp;
}

/** RE2 semantics of `matches`: unanchored search. */
export function re2Test(pattern: string, text: string): boolean {
  return compileRe2(pattern).test(text);
}
