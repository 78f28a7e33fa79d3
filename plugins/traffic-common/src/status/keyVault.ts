import { load as loadYaml } from 'js-yaml';
import { KubeObject } from '../kube';
import { CertificateSource } from '../model';
import { CertificateRefHint } from './catalogue';
import { asArray, asRecord, asString, field } from './safe';

const CERT_MANAGER_ANNOTATION = 'cert-manager.io/certificate-name';

/** The SecretProviderClass in `namespace` whose `secretObjects[].secretName` is `secretName`. */
export function secretProviderClassFor(
  secretName: string,
  namespace: string,
  secretProviderClasses: KubeObject[],
): KubeObject | undefined {
  return secretProviderClasses.find(
    spc =>
      asString(field(spc, 'metadata', 'namespace')) === namespace &&
      asArray(field(spc, 'spec', 'secretObjects')).some(
        o => asString(asRecord(o).secretName) === secretName,
      ),
  );
}

/**
 * Key Vault object behind the `tls.crt` key of a synced Secret: `secretObjects[].data[].objectName` is the
 * alias from `parameters.objects`, which maps back to the Key Vault `objectName`.
 */
export function keyVaultObjectFor(
  spc: KubeObject,
  secretName: string,
): string | undefined {
  const secretObject = asArray(field(spc, 'spec', 'secretObjects'))
    .map(asRecord)
    .find(o => asString(o.secretName) === secretName);
  const data = asArray(secretObject?.data).map(asRecord);
  const alias = asString(
    (data.find(d => asString(d.key) === 'tls.crt') ?? data[0])?.objectName,
  );
  if (!alias) {
    return undefined;
  }
  try {
    const objects = loadYaml(
      asString(field(spc, 'spec', 'parameters', 'objects')) ?? '',
    );
    for (const entry of asArray(asRecord(objects).array)) {
      const object = asRecord(
        typeof entry === 'string' ? loadYaml(entry) : entry,
      );
      if (
        (asString(object.objectAlias) ?? asString(object.objectName)) === alias
      ) {
        return asString(object.objectName) ?? alias;
      }
    }
  } catch {
    // parameters.objects is free text; when it does not parse, the alias is the best we know.
  }
  return alias;
}

/** Where a listener's certificate Secret comes from. */
export function certificateSource(options: {
  secretName: string;
  secret?: KubeObject;
  secretProviderClass?: KubeObject;
}): CertificateSource {
  const { secretProviderClass: spc } = options;
  if (spc) {
    const keyVaultName = asString(
      field(spc, 'spec', 'parameters', 'keyvaultName'),
    );
    const objectName = keyVaultObjectFor(spc, options.secretName);
    return {
      type: 'key-vault',
      secretProviderClass: asString(field(spc, 'metadata', 'name')) ?? '?',
      synced: !!options.secret,
      ...(keyVaultName ? { keyVaultName } : {}),
      ...(objectName ? { objectName } : {}),
    };
  }
  const certificate = asString(
    asRecord(field(options.secret, 'metadata', 'annotations'))[
      CERT_MANAGER_ANNOTATION
    ],
  );
  return certificate
    ? { type: 'cert-manager', certificate }
    : { type: 'secret' };
}

/**
 * Hints for every certificateRef of the Gateways: does the Secret exist, which SPC would sync it.
 * `secrets` need only metadata (never pass Secret data around).
 */
export function certificateRefHints(options: {
  gateways: KubeObject[];
  secrets: KubeObject[];
  secretProviderClasses: KubeObject[];
}): CertificateRefHint[] {
  const hints: CertificateRefHint[] = [];
  for (const gateway of options.gateways) {
    const gatewayNamespace =
      asString(field(gateway, 'metadata', 'namespace')) ?? 'default';
    for (const listener of asArray(field(gateway, 'spec', 'listeners'))) {
      for (const ref of asArray(field(listener, 'tls', 'certificateRefs')).map(
        asRecord,
      )) {
        const name = asString(ref.name);
        if (!name) {
          continue;
        }
        const namespace = asString(ref.namespace) ?? gatewayNamespace;
        const secretExists = options.secrets.some(
          s =>
            asString(field(s, 'metadata', 'name')) === name &&
            asString(field(s, 'metadata', 'namespace')) === namespace,
        );
        const spc = secretProviderClassFor(
          name,
          namespace,
          options.secretProviderClasses,
        );
        const spcName = asString(field(spc, 'metadata', 'name'));
        hints.push({
          name,
          namespace,
          secretExists,
          ...(spcName ? { secretProviderClass: spcName } : {}),
        });
      }
    }
  }
  return hints;
}
