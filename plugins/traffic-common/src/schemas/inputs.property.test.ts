import fc from 'fast-check';
import { buildChange, TrafficJourney } from '../builders/buildChange';
import { gatewayCustomizationConfigMapRules } from '../builders/rules/customizationRules';
import { crdErrors } from '../builders/__testUtils__/seeds';
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
} from './__testUtils__/inputArbitraries';

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

/** True when the error is an InputValidationError whose every issue names a field and says something. */
function isFieldNamedRejection(error: unknown): boolean {
  if (!(error instanceof InputValidationError) || error.issues.length === 0) return false;
  return error.issues.every(
    issue =>
      /\S/.test(issue.field) && /:|is required|is not|must|needs|has|are|repeats/.test(issue.message),
  );
}

/** Runs `build`; returns the objects, or the rejection if it threw (anything but a field-named one fails). */
function buildOrRejection(build: () => KubeObject[]): { objects?: KubeObject[]; rejection?: InputValidationError } {
  try {
    return { objects: build() };
  } catch (error) {
    if (!isFieldNamedRejection(error)) throw error;
    return { rejection: error as InputValidationError };
  }
}

/** What must hold for an accepted input: objects valid for the CRDs, customization on the allow list. */
function problemsOfAcceptedInput(
  journey: TrafficJourney,
  data: unknown,
  usesTlsPassthrough: (objects: KubeObject[]) => boolean,
): string[] {
  const onV151 = buildOrRejection(() => buildChange(journey, data, CONTEXT_V151).objects);
  if (onV151.rejection) {
    // Only the version gate may refuse here: TLS passthrough pinned to an Istio revision before asm-1-30.
    return onV151.rejection.issues.filter(issue => !/protocol$|^kind$/.test(issue.field)).map(issue => issue.message);
  }
  const objects = onV151.objects ?? [];
  const problems = [...crdErrors(objects, 'v1.5.1')];
  if (objects.length === 0) problems.push('no objects built');
  for (const configMap of objects.filter(o => o.kind === 'ConfigMap' && o.metadata.namespace !== 'aks-istio-system')) {
    problems.push(...gatewayCustomizationConfigMapRules(configMap).map(issue => `${issue.field}: ${issue.message}`));
  }
  const onV121 = buildOrRejection(() => buildChange(journey, data, CONTEXT_V121).objects);
  if (usesTlsPassthrough(objects)) {
    if (!onV121.rejection) problems.push('TLS passthrough was not refused on v1.2.1');
  } else {
    problems.push(...(onV121.rejection ? [onV121.rejection.message] : crdErrors(onV121.objects ?? [], 'v1.2.1')));
  }
  return problems;
}

describe.each(journeys)('$journey input (property)', ({ journey, safeParse, raw, usesTlsPassthrough }) => {
  it('rejects anything malformed with InputValidationError naming a field, and never throws otherwise', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), raw), input => {
        const result = safeParse(input);
        expect(result.success || isFieldNamedRejection(result.error)).toBe(true);
        // buildChange parses too; it may only throw field-named rejections.
        expect(() => buildOrRejection(() => buildChange(journey, input, CONTEXT_V121).objects)).not.toThrow();
      }),
      { numRuns: RUNS },
    );
  });

  it('builds objects that pass the CRD validator for every accepted input', () => {
    let accepted = 0;
    fc.assert(
      fc.property(raw, input => {
        const result = safeParse(input);
        expect(result.success || isFieldNamedRejection(result.error)).toBe(true);
        if (!result.success) return;
        accepted++;
        // Parsing is idempotent: an action may parse, then hand the result to buildChange.
        expect(safeParse(result.data)).toEqual(result);
        expect(problemsOfAcceptedInput(journey, result.data, usesTlsPassthrough)).toEqual([]);
      }),
      { numRuns: RUNS },
    );
    // The generators must reach the builders often enough for this property to mean something.
    expect(accepted).toBeGreaterThan(RUNS / 20);
  });
});
