// The dev portal's configuration and every configuration example of the README pass the config
// schemas (`config.d.ts` of each package) with `backstage-cli config:check --strict`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');

function configCheck(files: string[], env: Record<string, string> = {}) {
  const result = spawnSync(
    'backstage-cli',
    ['config:check', '--strict', ...files.flatMap(file => ['--config', file])],
    { cwd: root, encoding: 'utf8', env: { ...process.env, ...env } },
  );
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

test('app-config.yaml passes the config schemas', () => {
  const { ok, output } = configCheck([join(root, 'app-config.yaml')]);
  assert.ok(ok, output);
});

test('app-config.postgres.yaml passes the config schemas', () => {
  const { ok, output } = configCheck(
    [join(root, 'app-config.yaml'), join(root, 'app-config.postgres.yaml')],
    {
      POSTGRES_HOST: '127.0.0.1',
      POSTGRES_PORT: '5432',
      POSTGRES_USER: 'backstage',
      POSTGRES_PASSWORD: 'secret',
    },
  );
  assert.ok(ok, output);
});

test("the README's configuration examples pass the config schemas", () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const examples = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)]
    .map(match => match[1])
    .filter(block => /^(kubernetes|traffic):/m.test(block.split('\n')[0]));
  assert.ok(examples.length >= 3, `found ${examples.length} configuration examples`);
  const dir = mkdtempSync(join(tmpdir(), 'readme-config-'));
  try {
    examples.forEach((example, index) => {
      const file = join(dir, `example-${index}.yaml`);
      writeFileSync(file, example);
      const { ok, output } = configCheck([join(root, 'app-config.yaml'), file]);
      assert.ok(ok, `README example ${index + 1}:\n${example}\n${output}`);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a wrong traffic setting is refused, naming the setting', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bad-config-'));
  try {
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      'traffic:\n  readTimeoutMs: soon\n  clusters:\n    - name: x\n      authProvider: password\n',
    );
    const { ok, output } = configCheck([join(root, 'app-config.yaml'), file]);
    assert.equal(ok, false);
    assert.match(output, /\/traffic\/readTimeoutMs/);
    assert.match(output, /\/traffic\/clusters\/0\/authProvider/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
