import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { SeedName } from './seeds';
import type { GatewayApiVersion } from './store/admission';
import { startAksSim, type AksSimClusterSpec } from './sim/startAksSim';

const USAGE = `Usage: aks-sim [options]

Starts simulated AKS clusters (Kubernetes API over plain HTTP on loopback).

Options:
  --port <n>             first cluster's port; cluster i listens on port+i (default: free ports)
  --clusters <n|a,b,..>  number of clusters or their names (default: 2)
  --seed <empty|demo>    scenario to load (default: demo)
  --gateway-api <v>      Gateway API bundle: v1.2.1 or v1.5.1 (default: by Kubernetes version, v1.2.1)
  --token <t>            bearer token for every cluster (default: random per cluster)
  --host <addr>          listen address (default: 127.0.0.1)
  -h, --help             show this help
`;

function clusterSpecs(value: string): number | AksSimClusterSpec[] {
  if (/^\d+$/.test(value)) return Number(value);
  return value.split(',').map(name => ({ name: name.trim() })).filter(spec => spec.name);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      clusters: { type: 'string', default: '2' },
      seed: { type: 'string', default: 'demo' },
      'gateway-api': { type: 'string' },
      token: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const gatewayApi = values['gateway-api'];
  if (gatewayApi !== undefined && gatewayApi !== 'v1.2.1' && gatewayApi !== 'v1.5.1') {
    throw new Error(`--gateway-api must be v1.2.1 or v1.5.1 (got ${gatewayApi})`);
  }
  if (values.seed !== 'empty' && values.seed !== 'demo') throw new Error(`--seed must be empty or demo (got ${values.seed})`);

  const sim = await startAksSim({
    host: values.host,
    port: values.port ? Number(values.port) : 0,
    clusters: clusterSpecs(values.clusters!),
    seed: values.seed as SeedName,
    gatewayApiVersion: gatewayApi as GatewayApiVersion | undefined,
    token: values.token,
  });
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'aks-sim-'));
  const kubeconfigPath = path.join(directory, 'kubeconfig');
  fs.writeFileSync(kubeconfigPath, sim.kubeConfigYaml(), { mode: 0o600 });

  for (const cluster of sim.clusters) {
    process.stdout.write(`${cluster.name}\t${cluster.url}\ttoken=${cluster.token}\tgateway-api=${cluster.info.gatewayApiVersion}\n`);
  }
  process.stdout.write(`kubeconfig: ${kubeconfigPath}\n  e.g. KUBECONFIG=${kubeconfigPath} kubectl --context ${sim.clusters[0]?.name} get gateways -A\n`);

  const shutdown = async () => {
    await sim.stop();
    fs.rmSync(directory, { recursive: true, force: true });
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch(error => {
  process.stderr.write(`aks-sim: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
