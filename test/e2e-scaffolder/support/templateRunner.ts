/**
 * Runs a template's steps the way the scaffolder does, for the expressions our templates use:
 * `${{ a.b.c }}` (a lone expression keeps its type), `${{ a.b === 'x' }}` / `!==`, `${{ not a.b }}`,
 * `| parseEntityRef | pick('name')`. Anything else throws, so the templates stay inside this subset.
 */
import type { TemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';

const EXPRESSION = /\$\{\{\s*(.+?)\s*\}\}/g;
const PATH = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*|\[\d+\])*$/;

function lookup(scope: Record<string, unknown>, dotted: string): unknown {
  return dotted
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .reduce<unknown>(
      (value, key) =>
        value && typeof value === 'object'
          ? (value as Record<string, unknown>)[key]
          : undefined,
      scope,
    );
}

export function evaluate(
  expression: string,
  scope: Record<string, unknown>,
): unknown {
  // `a and b`: both sides within the subset (step conditions combine a parameter and a step output).
  if (expression.includes(' and ') && !expression.includes('|'))
    return expression.split(' and ').every(part => Boolean(evaluate(part.trim(), scope)));
  const [head, ...filters] = expression.split('|').map(part => part.trim());
  let value: unknown;
  let match: RegExpExecArray | null;
  if ((match = /^not (.+)$/.exec(head)) && PATH.test(match[1]))
    value = !lookup(scope, match[1]);
  else if (
    (match = /^(.+?) (===|!==) '([^']*)'$/.exec(head)) &&
    PATH.test(match[1])
  ) {
    value =
      match[2] === '==='
        ? lookup(scope, match[1]) === match[3]
        : lookup(scope, match[1]) !== match[3];
  } else if (PATH.test(head)) value = lookup(scope, head);
  else
    throw new Error(`expression outside the supported subset: ${expression}`);
  for (const filter of filters) {
    if (filter === 'parseEntityRef') {
      const [, kind, namespace, name] =
        /^([^:]+):([^/]+)\/(.+)$/.exec(String(value)) ?? [];
      value = { kind, namespace, name };
    } else if ((match = /^pick\('(\w+)'\)$/.exec(filter)))
      value = (value as Record<string, unknown>)?.[match[1]];
    else throw new Error(`filter outside the supported subset: ${filter}`);
  }
  return value;
}

export function render(
  value: unknown,
  scope: Record<string, unknown>,
): unknown {
  if (typeof value === 'string') {
    const lone = /^\$\{\{\s*(.+?)\s*\}\}$/.exec(value);
    if (lone && !value.slice(3).includes('${{'))
      return evaluate(lone[1], scope) ?? '';
    return value.replace(EXPRESSION, (_all, expression) =>
      String(evaluate(expression, scope) ?? ''),
    );
  }
  if (Array.isArray(value)) return value.map(item => render(item, scope));
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, render(v, scope)]),
    );
  return value;
}

export interface Template {
  metadata: { name: string };
  spec: {
    parameters: any[];
    steps: Array<{
      id: string;
      name: string;
      action: string;
      if?: string;
      input: Record<string, unknown>;
    }>;
    output?: any;
  };
}

export function loadTemplate(name: string): Template {
  return yaml.load(
    fs.readFileSync(
      path.resolve(__dirname, '../../../templates', name, 'template.yaml'),
      'utf8',
    ),
  ) as Template;
}

/** The form defaults of every page (including the dependencies branch matching the chosen values). */
export function formDefaults(
  template: Template,
  values: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const page of template.spec.parameters) {
    for (const [key, property] of Object.entries<any>(page.properties ?? {}))
      if (property.default !== undefined) out[key] = property.default;
    for (const [key, dependency] of Object.entries<any>(
      page.dependencies ?? {},
    )) {
      const chosen = values[key] ?? out[key];
      const branch = dependency.oneOf?.find(
        (b: any) => b.properties?.[key]?.const === chosen,
      );
      for (const [name, property] of Object.entries<any>(
        branch?.properties ?? {},
      )) {
        if (name !== key && property.default !== undefined)
          out[name] = property.default;
      }
    }
  }
  return { ...out, ...values };
}

export interface StepRun {
  id: string;
  action: string;
  skipped: boolean;
  output: Record<string, any>;
}

/** Runs the steps in order with a context like the scaffolder's; `debug:log` is recorded only. */
export async function runTemplate(options: {
  template: Template;
  parameters: Record<string, unknown>;
  actions: Record<string, TemplateAction<any, any, any>>;
  credentials: unknown;
  isDryRun?: boolean;
}): Promise<{ steps: StepRun[]; workspacePath: string }> {
  const workspacePath = fs.mkdtempSync(
    path.join(os.tmpdir(), 'e2e-scaffolder-'),
  );
  const parameters = formDefaults(options.template, options.parameters);
  const steps: Record<string, { output: Record<string, any> }> = {};
  const runs: StepRun[] = [];
  for (const step of options.template.spec.steps) {
    const scope = { parameters, steps };
    if (step.if !== undefined && !render(step.if, scope)) {
      runs.push({
        id: step.id,
        action: step.action,
        skipped: true,
        output: {},
      });
      continue;
    }
    const output: Record<string, any> = {};
    if (step.action.startsWith('traffic:')) {
      const action = options.actions[step.action];
      if (!action) throw new Error(`unknown action ${step.action}`);
      const noop = () => undefined;
      const logger = {
        info: noop,
        warn: noop,
        error: noop,
        debug: noop,
        child: () => logger,
      } as any;
      await action.handler({
        logger,
        workspacePath,
        input: render(step.input, scope) as any,
        output: (name: string, value: unknown) => void (output[name] = value),
        checkpoint: async ({ fn }: { fn: () => Promise<any> }) => fn(),
        createTemporaryDirectory: async () =>
          fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-tmp-')),
        getInitiatorCredentials: async () => options.credentials as any,
        task: { id: 'e2e-task' },
        step: { id: step.id, name: step.name },
        isDryRun: options.isDryRun,
      } as any);
    }
    steps[step.id] = { output };
    runs.push({ id: step.id, action: step.action, skipped: false, output });
  }
  return { steps: runs, workspacePath };
}
