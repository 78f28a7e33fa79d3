import fc from 'fast-check';
import { buildChange, TrafficJourney } from '../builders/buildChange';
import { gatewayCustomizationConfigMapRules } from '../builders/rules/customizationRules';
import { crdErrors } from '../builders/testing/seeds';
import type { KubeObject } from '../kube/types';
import { InputValidationError } from './errors';
import { safeParseEgressInput } from './egressInput';
import { safeParseGatewayInput } from './gatewayInput';
import { safeParseKeyVaultTlsInput } from './keyVaultTlsInput';
import { safeParseMeshMtlsInput } from './meshMtlsInput';
import { InputParseResult } from './parse';
import { safeParseRouteInput } from './routeInput';
import {
  rawEgressInput,
  rawGatewayInput,
  rawKeyVaultTlsInput,
  rawMeshMtlsInput,
  rawRouteInput,
} from './testing/inputArbitraries';

const RUNS = 1000;
const CONTEXT_V151 = { gatewayApiVersion: 'v1.5.1', istioRevision: 'asm-1-30' };
const CONTEXT_V121 = { gatewayApiVersion: 'v1.2.1', istioRevision: 'asm-1-30' };

interface JourneyUnderTest {
  journey: TrafficJourney;
  safeParse: (raw: unknown) => InputParseResult<unknown>;
  raw: fc.Arbitrary<unknown>;
  usesTlsPassthrough: (objects: KubeObject[]) => boolean;
}

const usesTls = (objects: KubeObject[]) =>
  objects.some(o => o.kind === 'TLSRoute' || (o.kind === 'Gateway' && o.spec.listeners?.some((l: any) => l.protocol === 'TLS')));

const journeys: JourneyUnderTest[] = [
  { journey: 'gateway', safeParse: safeParseGatewayInput, raw: rawGatewayInput, usesTlsPassthrough: usesTls },
  { journey: 'route', safeParse: safeParseRouteInput, raw: rawRouteInput, usesTlsPassthrough: usesTls },
  { journey: 'key-vault-tls', safeParse: safeParseKeyVaultTlsInput, raw: rawKeyVaultTlsInput, usesTlsPassthrough: () => false },
  { journey: 'egress', safeParse: safeParseEgressInput, raw: rawEgressInput, usesTlsPassthrough: () => false },
  { journey: 'mesh-mtls', safeParse: safeParseMeshMtlsInput, raw: rawMeshMtlsInput, usesTlsPassthrough: () => false },
];

function expectFieldNamedRejection(error: unknown) {
  expect(error).toBeInstanceOf(InputValidationError);
  const { issues } = error as InputValidationError;
  expect(issues.length).toBeGreaterThan(0);
  for (const issue of issues) {
    expect(issue.field).toMatch(/\S/);
    expect(issue.message).toMatch(/\S/);
    expect(issue.message).toMatch(/:|is required|is not|must|needs|has|are|repeats/);
  }
}

describe.each(journeys)('$journey input (property)', ({ journey, safeParse, raw, usesTlsPassthrough }) => {
  it('rejects anything malformed with InputValidationError naming a field, and never throws otherwise', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), raw), input => {
        const result = safeParse(input);
        if (!result.success) expectFieldNamedRejection(result.error);
        try {
          buildChange(journey, input, CONTEXT_V121);
        } catch (error) {
          expectFieldNamedRejection(error);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('builds objects that pass the CRD validator for every accepted input', () => {
    let accepted = 0;
    fc.assert(
      fc.property(raw, input => {
        const result = safeParse(input);
        if (!result.success) {
          expectFieldNamedRejection(result.error);
          return;
        }
        accepted++;
        // Parsing is idempotent: an action may parse, then hand the result to buildChange.
        expect(safeParse(result.data)).toEqual(result);
        let objects: KubeObject[];
        try {
          objects = buildChange(journey, result.data, CONTEXT_V151).objects;
        } catch (error) {
          // Only the version gate may refuse here: TLS passthrough pinned to an Istio revision before asm-1-30.
          expectFieldNamedRejection(error);
          expect((error as InputValidationError).issues.every(issue => /protocol$|^kind$/.test(issue.field))).toBe(true);
          return;
        }
        expect(objects.length).toBeGreaterThan(0);
        expect(crdErrors(objects, 'v1.5.1')).toEqual([]);
        for (const configMap of objects.filter(o => o.kind === 'ConfigMap' && o.metadata.namespace !== 'aks-istio-system')) {
          expect(gatewayCustomizationConfigMapRules(configMap)).toEqual([]);
        }
        if (usesTlsPassthrough(objects)) {
          expect(() => buildChange(journey, result.data, CONTEXT_V121)).toThrow(InputValidationError);
        } else {
          expect(crdErrors(buildChange(journey, result.data, CONTEXT_V121).objects, 'v1.2.1')).toEqual([]);
        }
      }),
      { numRuns: RUNS },
    );
    // The generators must reach the builders often enough for this property to mean something.
    expect(accepted).toBeGreaterThan(RUNS / 20);
  });
});
