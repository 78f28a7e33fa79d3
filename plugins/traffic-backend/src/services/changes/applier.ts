import type {
  ChangeRoundTrips,
  KubeObject,
} from '@aks-traffic/backstage-plugin-traffic-common';
import { KubernetesObjectApi, PatchStrategy } from '@kubernetes/client-node';
import { diffObjects, normalizeObject, sameObject } from './normalize';
import { isNotFound, KubeFailure, kubeFailure } from './kubeErrors';
import { describeRef, ObjectAction, ObjectRef, refOf } from './types';

/** The field manager of every write the traffic backend makes. */
export const FIELD_MANAGER = 'aks-traffic';

/** One object after the server dry-run: what it will look like, what it looks like now, and what changes. */
export interface PlannedObject {
  object: KubeObject;
  ref: ObjectRef;
  /** The object as the API server would store it (normalized). */
  dryRun: KubeObject;
  /** The live object before the change (the rollback snapshot), absent when it does not exist. */
  live?: KubeObject;
  action: ObjectAction;
  diff: string;
}

/** API round trips of one change, by purpose (the benchmark prints these). */
export type RoundTrips = ChangeRoundTrips;

export class ObjectFailure extends Error {
  constructor(
    readonly index: number,
    readonly ref: ObjectRef,
    readonly failure: KubeFailure,
  ) {
    super(`${describeRef(ref)}: ${failure.message}`);
  }
}

export type ApplyOutcome =
  | { ok: true; applied: ObjectRef[] }
  | {
      ok: false;
      failedIndex: number;
      failedRef: ObjectRef;
      failure: KubeFailure;
      restored: ObjectRef[];
      notRestored: Array<{ ref: ObjectRef; message: string }>;
    };

const objectHeader = (object: KubeObject) => ({
  apiVersion: object.apiVersion,
  kind: object.kind,
  metadata: {
    name: object.metadata.name,
    ...(object.metadata.namespace
      ? { namespace: object.metadata.namespace }
      : {}),
  },
});

/**
 * Dry-runs, applies (server-side apply, field manager `aks-traffic`, never forced) and rolls back
 * the objects of one change on one cluster.
 */
export class ObjectApplier {
  readonly trips: RoundTrips = {
    preflight: 0,
    dryRun: 0,
    snapshot: 0,
    apply: 0,
    rollback: 0,
  };

  constructor(private readonly api: KubernetesObjectApi) {}

  /** Snapshots taken from `cachedSnapshot` instead of a GET. */
  cachedSnapshots = 0;

  /**
   * Server dry-run of every object (one request each, in parallel), then the live copy of those the
   * dry-run shows to exist already (the rollback snapshot, and the base of the diff). A dry-run
   * answer without `resourceVersion` means the object is new: no snapshot is needed. The live copy
   * comes from `cachedSnapshot` (a watch-backed copy of exactly the dry-run's resourceVersion) when
   * it has one, else from a GET.
   * Throws ObjectFailure for the first object the API server refuses.
   */
  async plan(
    objects: KubeObject[],
    cachedSnapshot?: (
      object: KubeObject,
      resourceVersion: string,
    ) => KubeObject | undefined,
  ): Promise<PlannedObject[]> {
    const createdNamespaces = new Set(
      objects
        .filter(o => o.kind === 'Namespace' && o.apiVersion === 'v1')
        .map(o => o.metadata.name),
    );
    const dryRuns = await Promise.all(
      objects.map(async (object, index) => {
        this.trips.dryRun++;
        try {
          const result = (await this.api.patch(
            object as any,
            undefined,
            'All',
            FIELD_MANAGER,
            false,
            PatchStrategy.ServerSideApply,
          )) as unknown as KubeObject;
          return { result, failure: undefined };
        } catch (error) {
          const failure = kubeFailure(error);
          // A namespace this change creates does not exist at dry-run time; the apply creates it first.
          const namespace = object.metadata.namespace;
          if (
            failure.code === 404 &&
            namespace &&
            createdNamespaces.has(namespace) &&
            /namespaces? "?[^"]*"? not found/.test(failure.message)
          ) {
            return { result: object, failure: undefined, newNamespace: true };
          }
          return { result: undefined, failure: { index, failure } };
        }
      }),
    );
    const firstFailure = dryRuns.find(entry => entry.failure)?.failure;
    if (firstFailure)
      throw new ObjectFailure(
        firstFailure.index,
        refOf(objects[firstFailure.index]),
        firstFailure.failure,
      );

    return Promise.all(
      objects.map(async (object, index) => {
        const dryRun = dryRuns[index].result as KubeObject;
        const resourceVersion = dryRun.metadata?.resourceVersion;
        let live = resourceVersion
          ? cachedSnapshot?.(object, resourceVersion)
          : undefined;
        if (live) this.cachedSnapshots++;
        else if (resourceVersion) {
          this.trips.snapshot++;
          try {
            live = (await this.api.read(
              objectHeader(object),
            )) as unknown as KubeObject;
          } catch (error) {
            if (!isNotFound(error))
              throw new ObjectFailure(index, refOf(object), kubeFailure(error));
          }
        }
        let action: ObjectAction = 'create';
        if (live) action = sameObject(dryRun, live) ? 'unchanged' : 'update';
        return {
          object,
          ref: refOf(object),
          dryRun: normalizeObject(dryRun),
          live,
          action,
          diff: action === 'unchanged' ? '' : diffObjects(live, dryRun),
        };
      }),
    );
  }

  /**
   * Applies the changed objects in order. When object k fails, objects 1..k-1 are restored to
   * their snapshots (created ones deleted, updated ones replaced by their previous version) in
   * reverse order, and the outcome names the failed object.
   */
  async apply(plan: PlannedObject[]): Promise<ApplyOutcome> {
    const done: PlannedObject[] = [];
    for (const [index, entry] of plan.entries()) {
      if (entry.action === 'unchanged') continue;
      this.trips.apply++;
      try {
        await this.api.patch(
          entry.object as any,
          undefined,
          undefined,
          FIELD_MANAGER,
          false,
          PatchStrategy.ServerSideApply,
        );
        done.push(entry);
      } catch (error) {
        const failure = kubeFailure(error);
        const { restored, notRestored } = await this.rollback(done);
        return {
          ok: false,
          failedIndex: index,
          failedRef: entry.ref,
          failure,
          restored,
          notRestored,
        };
      }
    }
    return { ok: true, applied: done.map(entry => entry.ref) };
  }

  private async rollback(done: PlannedObject[]) {
    const restored: ObjectRef[] = [];
    const notRestored: Array<{ ref: ObjectRef; message: string }> = [];
    for (const entry of [...done].reverse()) {
      try {
        if (!entry.live) await this.deleteCreated(entry.object);
        else await this.restorePrevious(entry.live);
        restored.push(entry.ref);
      } catch (error) {
        notRestored.push({
          ref: entry.ref,
          message: kubeFailure(error).message,
        });
      }
    }
    return { restored, notRestored };
  }

  private async deleteCreated(object: KubeObject): Promise<void> {
    this.trips.rollback++;
    try {
      await this.api.delete(
        objectHeader(object),
        undefined,
        undefined,
        undefined,
        undefined,
        'Background',
      );
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  /** Puts the previous version back (PUT with the current resourceVersion; retried when a controller wrote in between). */
  private async restorePrevious(previous: KubeObject): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      this.trips.rollback += 2;
      const current = (await this.api.read(
        objectHeader(previous),
      )) as unknown as KubeObject;
      const { status: _status, ...rest } = previous;
      const body = {
        ...rest,
        metadata: {
          ...previous.metadata,
          resourceVersion: current.metadata.resourceVersion,
        },
      };
      try {
        await this.api.replace(
          body as any,
          undefined,
          undefined,
          FIELD_MANAGER,
        );
        return;
      } catch (error) {
        if (kubeFailure(error).code !== 409 || attempt >= 3) throw error;
      }
    }
  }
}
