/**
 * Pulls the Kubernetes manifests out of prose documents (the seeds): heredoc bodies
 * (`kubectl apply -f - <<EOF ... EOF`) and bare YAML blocks starting at `apiVersion:`. Shell
 * variables are substituted with plausible values, `-n <namespace>` of the kubectl command is
 * applied like kubectl does, and YAML that lost its indentation is re-indented using the schema.
 */
import yaml from 'js-yaml';
import type { KubeObject } from '../kube';
import { parseApiVersion } from '../kube';
import { findCrd } from './crdRegistry';
import {
  BUILT_IN_ROOT_SCHEMA,
  OBJECT_META_SCHEMA,
  looksFlattened,
  reindentFlattenedYaml,
} from './flatYaml';
import type { JsonSchemaProps } from './schemaTypes';
import { isPlainObject } from './schemaTypes';

export interface ExtractManifestsOptions {
  /** Values for shell variables (`$VAR`, `${VAR}`); others get a plausible DNS-safe value. */
  variables?: Record<string, string>;
}

/** Plausible values for the variables the seeds use. */
export const DEFAULT_SEED_VARIABLES: Record<string, string> = {
  CLIENT_ID: '7f0c2d3e-1a2b-4c5d-8e9f-0a1b2c3d4e5f',
  TENANT_ID: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  KEY_VAULT_NAME: 'kv-traffic-demo',
  RESOURCE_GROUP: 'rg-traffic-demo',
  CLUSTER_NAME: 'aks-traffic-demo',
  LOCATION: 'westeurope',
  ASM_REVISION: 'asm-1-26',
  ISTIO_EGRESS_NAME: 'asm-egress-test',
  ISTIO_EGRESS_NAMESPACE: 'aks-istio-egress',
  ISTIO_SGC_NAME: 'asm-egress-sgc',
  EGRESS_GTW_SELECTOR: 'asm-egress-test-asm-1-26',
};

/** Kinds kubectl does not namespace with `-n`. */
const CLUSTER_SCOPED_BUILT_INS = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'PersistentVolume',
  'StorageClass',
  'Node',
]);

const HEREDOC_START = /<<-?\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\1/;
const YAML_LINE =
  /^\s*(#.*|---\s*|-(\s.*)?|("[^"]*"|'[^']*'|[^\s:#"'][^:]*?)\s*:(\s.*)?)$/;

interface RawBlock {
  lines: string[];
  /** The shell line that fed the heredoc (`kubectl apply -n ns -f - <<EOF`). */
  command?: string;
}

function kubectlNamespace(command: string): string | undefined {
  const match = /(?:\s-n|\s--namespace)(?:\s+|=)([^\s|;&]+)/.exec(command);
  return match?.[1];
}

function findBlocks(text: string): RawBlock[] {
  const lines = text.split(/\r?\n/);
  const blocks: RawBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const heredoc = HEREDOC_START.exec(lines[i]);
    if (heredoc) {
      const terminator = heredoc[2];
      const body: string[] = [];
      let j = i + 1;
      while (j < lines.length && lines[j].trim() !== terminator)
        body.push(lines[j++]);
      blocks.push({ lines: body, command: lines[i] });
      i = j;
    } else if (/^\s*apiVersion:\s*\S/.test(lines[i])) {
      const body: string[] = [];
      let j = i;
      while (
        j < lines.length &&
        (YAML_LINE.test(lines[j]) || lines[j].trim() === '')
      )
        body.push(lines[j++]);
      blocks.push({ lines: body });
      i = j - 1;
    }
  }
  return blocks;
}

function dedent(lines: string[]): string[] {
  const indents = lines
    .filter(line => line.trim() !== '')
    .map(line => /^\s*/.exec(line)![0].length);
  const common = indents.length ? Math.min(...indents) : 0;
  return lines.map(line =>
    line.slice(Math.min(common, /^\s*/.exec(line)![0].length)),
  );
}

function substituteVariables(
  line: string,
  variables: Record<string, string>,
): string {
  return line.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (_, braced, bare) => {
      const name = braced ?? bare;
      return variables[name] ?? name.toLowerCase().replace(/_/g, '-');
    },
  );
}

function splitDocuments(lines: string[]): string[][] {
  const documents: string[][] = [[]];
  for (const line of lines) {
    if (/^---\s*$/.test(line)) documents.push([]);
    else documents[documents.length - 1].push(line);
  }
  return documents.filter(doc =>
    doc.some(line => line.trim() !== '' && !line.trim().startsWith('#')),
  );
}

function topLevelValue(lines: string[], key: string): string | undefined {
  const line = lines.find(candidate => candidate.startsWith(`${key}:`));
  return line
    ?.slice(key.length + 1)
    .trim()
    .replace(/^["']|["']$/g, '');
}

/** The schema that places keys of a flattened document: the CRD's, or a built-in outline. */
function placementSchema(lines: string[]): JsonSchemaProps {
  const apiVersion = topLevelValue(lines, 'apiVersion') ?? '';
  const kind = topLevelValue(lines, 'kind') ?? '';
  const { group, version } = parseApiVersion(apiVersion);
  const crd = findCrd('v1.5.1', group, kind) ?? findCrd('v1.2.1', group, kind);
  const crdVersion = crd?.definition.versions.find(
    candidate => candidate.name === version,
  );
  if (!crdVersion) return BUILT_IN_ROOT_SCHEMA;
  const schema = crdVersion.openAPIV3Schema;
  return {
    ...schema,
    properties: { ...schema.properties, metadata: OBJECT_META_SCHEMA },
  };
}

function isManifest(value: unknown): value is KubeObject {
  return (
    isPlainObject(value) &&
    typeof value.apiVersion === 'string' &&
    typeof value.kind === 'string' &&
    isPlainObject(value.metadata)
  );
}

function isClusterScoped(object: KubeObject): boolean {
  const { group } = parseApiVersion(object.apiVersion);
  const crd = findCrd('v1.5.1', group, object.kind);
  return crd ? !crd.kind.namespaced : CLUSTER_SCOPED_BUILT_INS.has(object.kind);
}

/** The Kubernetes manifests embedded in a prose document, in order of appearance. */
export function extractYamlManifests(
  text: string,
  options: ExtractManifestsOptions = {},
): KubeObject[] {
  const variables = { ...DEFAULT_SEED_VARIABLES, ...options.variables };
  const manifests: KubeObject[] = [];
  for (const block of findBlocks(text)) {
    const lines = dedent(block.lines).map(line =>
      substituteVariables(line, variables),
    );
    const namespace = block.command
      ? kubectlNamespace(substituteVariables(block.command, variables))
      : undefined;
    for (const document of splitDocuments(lines)) {
      const source = looksFlattened(document)
        ? reindentFlattenedYaml(document, placementSchema(document))
        : document;
      let parsed: unknown;
      try {
        parsed = yaml.load(source.join('\n'));
      } catch {
        continue; // prose that merely looked like YAML
      }
      if (!isManifest(parsed)) continue;
      if (namespace && !parsed.metadata.namespace && !isClusterScoped(parsed)) {
        parsed.metadata.namespace = namespace;
      }
      manifests.push(parsed);
    }
  }
  return manifests;
}
