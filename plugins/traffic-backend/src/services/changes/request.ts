import {
  SubmitChangeRequest,
  TRAFFIC_JOURNEYS,
  TrafficJourney,
} from '@aks-traffic/backstage-plugin-traffic-common';
import { InputError } from '@backstage/errors';
import { z } from 'zod';
import { CHANGE_STATES } from './types';

/** At most this many extra journeys (`also`) in one change. */
export const MAX_ALSO_JOURNEYS = 10;

/** Journeys that may ride along in `also` (egress reads the cluster while building: submit it alone). */
const ALSO_JOURNEYS = TRAFFIC_JOURNEYS.filter(
  (journey): journey is Exclude<TrafficJourney, 'egress'> =>
    journey !== 'egress',
) as [
  Exclude<TrafficJourney, 'egress'>,
  ...Exclude<TrafficJourney, 'egress'>[],
];

/**
 * Body of `POST /changes` (SubmitChangeRequest in traffic-common): a journey with its input
 * (built on the server), plus optional `also` journeys built into the same change, or raw objects.
 */
export const submitChangeSchema = z
  .object({
    cluster: z.string().min(1).max(253).describe('Configured cluster name'),
    journey: z.enum(TRAFFIC_JOURNEYS).optional(),
    input: z.record(z.unknown()).optional(),
    also: z
      .array(
        z
          .object({
            journey: z.enum(ALSO_JOURNEYS),
            input: z.record(z.unknown()),
          })
          .strict(),
      )
      .min(1)
      .max(MAX_ALSO_JOURNEYS)
      .optional(),
    objects: z.array(z.unknown()).optional(),
    entityRef: z
      .string()
      .regex(
        /^[a-z0-9-]+:[A-Za-z0-9._-]+\/[A-Za-z0-9._-]+$/i,
        'must be a full entity ref like component:default/httpbin',
      )
      .max(512)
      .optional(),
    reason: z.string().max(4000).optional(),
    dryRun: z.boolean().optional(),
  })
  .strict() satisfies z.ZodType<SubmitChangeRequest>;

export type { SubmitChangeRequest };

export const listChangesQuerySchema = z
  .object({
    state: z
      .union([z.enum(CHANGE_STATES), z.array(z.enum(CHANGE_STATES))])
      .optional()
      .transform(value => {
        if (value === undefined) return undefined;
        return Array.isArray(value) ? value : [value];
      }),
    entityRef: z.string().max(512).optional(),
    cluster: z.string().max(253).optional(),
    requestedBy: z.string().max(512).optional(),
    limit: z.coerce.number().int().min(1).max(500).optional(),
    offset: z.coerce.number().int().min(0).optional(),
    /** `true`: items also carry each object's diff and the dry-run result (the approvals page). */
    details: z
      .enum(['true', 'false'])
      .optional()
      .transform(value => value === 'true'),
  })
  .strict();

function issuesToMessage(error: z.ZodError): string {
  return error.issues
    .map(issue => `${issue.path.join('.') || 'body'}: ${issue.message}`)
    .join('\n');
}

/** Parses with zod and throws InputError naming the fields. */
export function parseOrThrow<T extends z.ZodTypeAny>(
  schema: T,
  value: unknown,
  what: string,
): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success)
    throw new InputError(`Invalid ${what}: ${issuesToMessage(result.error)}`);
  return result.data;
}

/** Exactly one of `journey` (+ `input`, optional `also`) and `objects`. */
export function checkSubmitShape(request: SubmitChangeRequest): void {
  if (request.journey && request.objects)
    throw new InputError(
      'Invalid change: give either journey (with input) or objects, not both',
    );
  if (!request.journey && !request.objects)
    throw new InputError(
      `Invalid change: journey is required (one of ${TRAFFIC_JOURNEYS.join(
        ', ',
      )}), or objects`,
    );
  if (request.journey && !request.input)
    throw new InputError(
      `Invalid change: input is required with journey ${request.journey}`,
    );
  if (request.objects && request.input)
    throw new InputError('Invalid change: input is only used with journey');
  if (request.also && !request.journey)
    throw new InputError(
      'Invalid change: also is only used with journey (build raw objects into objects instead)',
    );
  if (request.also && request.journey === 'egress')
    throw new InputError(
      'Invalid change: also cannot be combined with journey egress: submit egress as its own change',
    );
}
