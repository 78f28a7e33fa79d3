/**
 * Restores indentation of YAML whose leading whitespace was lost (documentation copied as prose
 * loses it: `metadata:\nname: x`). The schema of the kind says where each key belongs: a key goes
 * to the innermost open object that declares it, else to the innermost open map; a `- ` item goes
 * to the innermost open list whose items fit it.
 */
import type { JsonSchemaProps } from './schemaTypes';
import { isPlainObject } from './schemaTypes';

const OPEN_MAP: JsonSchemaProps = {
  type: 'object',
  'x-kubernetes-preserve-unknown-fields': true,
};
const STRING_MAP: JsonSchemaProps = {
  type: 'object',
  additionalProperties: { type: 'string' },
};

/** What the API server's ObjectMeta looks like, for placing metadata keys. */
export const OBJECT_META_SCHEMA: JsonSchemaProps = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    generateName: { type: 'string' },
    namespace: { type: 'string' },
    labels: STRING_MAP,
    annotations: STRING_MAP,
    finalizers: { type: 'array', items: { type: 'string' } },
  },
};

/** Enough of the built-in kinds' shape to place their keys. */
export const BUILT_IN_ROOT_SCHEMA: JsonSchemaProps = {
  type: 'object',
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: OBJECT_META_SCHEMA,
    data: STRING_MAP,
    stringData: STRING_MAP,
    binaryData: STRING_MAP,
    type: { type: 'string' },
    spec: OPEN_MAP,
  },
};

interface Frame {
  kind: 'object' | 'list';
  schema: JsonSchemaProps | undefined;
  /** Column of keys (object) or of the dash (list). */
  indent: number;
}

const KEY_LINE = /^("[^"]*"|'[^']*'|[^\s#"'][^:]*?)\s*:(?:\s+(.*))?$/;
const BLOCK_SCALAR = /^[|>][-+]?\s*(#.*)?$/;

function unquote(key: string): string {
  return /^["'].*["']$/.test(key) ? key.slice(1, -1) : key;
}

function declares(schema: JsonSchemaProps | undefined, key: string): boolean {
  return Boolean(
    schema?.properties &&
      Object.prototype.hasOwnProperty.call(schema.properties, key),
  );
}

function isOpenMap(schema: JsonSchemaProps | undefined): boolean {
  return (
    !schema ||
    isPlainObject(schema.additionalProperties) ||
    schema['x-kubernetes-preserve-unknown-fields'] === true ||
    (!schema.properties && schema.type !== 'array')
  );
}

function childSchema(
  schema: JsonSchemaProps | undefined,
  key: string,
): JsonSchemaProps | undefined {
  if (!schema) return undefined;
  if (declares(schema, key)) return schema.properties![key];
  if (isPlainObject(schema.additionalProperties))
    return schema.additionalProperties as JsonSchemaProps;
  return undefined;
}

function isScalarItem(schema: JsonSchemaProps | undefined): boolean {
  return (
    !schema?.items ||
    (schema.items.type !== 'object' && !schema.items.properties)
  );
}

/** Whether a document lost its indentation: a key opens a mapping whose keys are not indented. */
export function looksFlattened(lines: string[]): boolean {
  const content = lines.filter(
    line => line.trim() !== '' && !line.trim().startsWith('#'),
  );
  if (content.some(line => /^\s/.test(line))) return false;
  return content.some((line, i) => {
    const next = content[i + 1];
    return (
      /^[^\s-][^:]*:\s*$/.test(line) &&
      next !== undefined &&
      !next.startsWith('-') &&
      KEY_LINE.test(next)
    );
  });
}

export function reindentFlattenedYaml(
  lines: string[],
  rootSchema: JsonSchemaProps,
): string[] {
  const out: string[] = [];
  const stack: Frame[] = [{ kind: 'object', schema: rootSchema, indent: 0 }];
  const content = lines.map(line => line.trim()).filter(line => line !== '');
  let blockScalarIndent: number | undefined;

  /** Innermost object frame declaring `key`, else innermost open map, else the top object frame. */
  const objectFrameFor = (key: string): number => {
    for (let i = stack.length - 1; i >= 0; i--) {
      if (stack[i].kind === 'object' && declares(stack[i].schema, key))
        return i;
    }
    for (let i = stack.length - 1; i >= 0; i--) {
      if (stack[i].kind === 'object' && isOpenMap(stack[i].schema)) return i;
    }
    for (let i = stack.length - 1; i >= 0; i--)
      if (stack[i].kind === 'object') return i;
    return 0;
  };

  const listFrameFor = (item: string): number => {
    const keyMatch = KEY_LINE.exec(item);
    for (let i = stack.length - 1; i >= 0; i--) {
      const frame = stack[i];
      if (frame.kind !== 'list') continue;
      const items = frame.schema?.items;
      if (
        keyMatch
          ? !items || declares(items, unquote(keyMatch[1])) || isOpenMap(items)
          : isScalarItem(frame.schema)
      ) {
        return i;
      }
    }
    return -1;
  };

  /** Emits `key: value` into frame `frameIndex`, opening a child frame when the value is empty. */
  const emitKey = (
    frameIndex: number,
    line: string,
    prefix: string,
    lookahead: string | undefined,
  ) => {
    stack.length = frameIndex + 1;
    const frame = stack[frameIndex];
    const match = KEY_LINE.exec(line)!;
    const key = unquote(match[1]);
    const value = match[2] ?? '';
    out.push(prefix || ' '.repeat(frame.indent) + line);
    const schema = childSchema(frame.schema, key);
    if (BLOCK_SCALAR.test(value)) {
      blockScalarIndent = frame.indent + 2;
    } else if (value === '' || value.startsWith('#')) {
      const opensList =
        schema?.type === 'array' ||
        (!schema?.type && lookahead?.startsWith('- '));
      stack.push({
        kind: opensList ? 'list' : 'object',
        schema,
        indent: frame.indent + 2,
      });
    }
  };

  content.forEach((line, index) => {
    const lookahead = content[index + 1];
    if (blockScalarIndent !== undefined) {
      const key = KEY_LINE.exec(line);
      const endsBlock =
        line.startsWith('- ') ||
        (key &&
          stack.some(
            f => f.kind === 'object' && declares(f.schema, unquote(key[1])),
          ));
      if (!endsBlock) {
        out.push(' '.repeat(blockScalarIndent) + line);
        return;
      }
      blockScalarIndent = undefined;
    }
    if (line.startsWith('#')) {
      out.push(line);
      return;
    }
    if (line.startsWith('- ') || line === '-') {
      const item = line.slice(2).trim();
      const listIndex = listFrameFor(item);
      if (listIndex < 0) {
        out.push(' '.repeat(stack[stack.length - 1].indent) + line);
        return;
      }
      stack.length = listIndex + 1;
      const list = stack[listIndex];
      const dash = `${' '.repeat(list.indent)}- `;
      if (KEY_LINE.test(item) && !/^["']/.test(item.trim())) {
        stack.push({
          kind: 'object',
          schema: list.schema?.items,
          indent: list.indent + 2,
        });
        emitKey(stack.length - 1, item, dash + item, lookahead);
      } else {
        out.push(dash + item);
      }
      return;
    }
    if (KEY_LINE.test(line)) {
      emitKey(
        objectFrameFor(unquote(KEY_LINE.exec(line)![1])),
        line,
        '',
        lookahead,
      );
      return;
    }
    out.push(' '.repeat(stack[stack.length - 1].indent) + line);
  });
  return out;
}
