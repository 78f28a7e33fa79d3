/** Test helpers reading `../shared/data` (beside the repository, also in CI). */
import fs from 'fs';
import path from 'path';
import yaml from 'js-yaml';
import type { KubeObject } from '../../kube';

export const SHARED_DATA_DIR = path.resolve(
  __dirname,
  '../../../../../../shared/data',
);
export const SEEDS_DIR = path.resolve(SHARED_DATA_DIR, '../seeds');

export function readSharedFile(relativePath: string): string {
  return fs.readFileSync(path.join(SHARED_DATA_DIR, relativePath), 'utf8');
}

/** All YAML documents of a file (multi-document aware), empty ones dropped. */
export function loadSharedManifests(
  relativePath: string,
  replace: Record<string, string> = {},
): KubeObject[] {
  let text = readSharedFile(relativePath);
  for (const [from, to] of Object.entries(replace))
    text = text.split(from).join(to);
  return (yaml.loadAll(text) as unknown[]).filter(Boolean) as KubeObject[];
}

export function listSharedDir(relativePath: string): string[] {
  return fs.readdirSync(path.join(SHARED_DATA_DIR, relativePath)).sort();
}
