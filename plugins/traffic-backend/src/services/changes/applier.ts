import type {
  ChangeRoundTrips,
  KubeObject,
} from '@aks-traffic/backstage-plugin-traffic-common';
import { KubernetesObjectApi, PatchStrategy } from '@kubernetes/client-node';
import { diffObjects, normalizeObject, objectYaml, sameObject } from './normalize';
import { MANAGED_BY, MANAGED_BY_LABEL } from './ManagedObjectCache';
import { ownerAnnotationOf, type PruneCandidate } from './ownership';
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

/** Watch-backed copies of live objects (ManagedObjectCache). */
export interface SnapshotSource {
  /** The copy when it is exactly the stored version `resourceVersion`. */
  atVersion(object: KubeObject, resourceVersion: string): KubeObject | undefined;
  /** The newest copy the watch has, whatever its version. */
  current(object: KubeObject): KubeObject | undefined;
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

/** The diff of a deleted object: every line of it removed. */
const deletionDiff = (live: KubeObject) =>
  objectYaml(live)
    .split('\n')
    .filter(line => line.trim() !== '')
    .map(line => `- ${line}`)
    .join('\n');

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

  /**
   * Server dry-run of every object (one request each, in parallel), then the live copy of those the
   * dry-run shows to exist already (the rollback snapshot, and the base of the diff). A dry-run
   * answer without `resourceVersion` means the object is new: no snapshot is needed. The live copy
   * comes from `snapshots.atVersion` (a watch-backed copy of exactly the dry-run's resourceVersion) when
   * it has one, else from a GET.
   * Throws ObjectFailure for the first object the API server refuses.
   */
  async plan(
    objects: KubeObject[],
    options: {
      /** Watch-backed copies of live objects, to spare the snapshot GETs. */
      snapshots?: SnapshotSource;
      /** Objects to delete (pruning), when still managed for the same owner. */
      prune?: PruneCandidate[];
    } = {},
  ): Promise<PlannedObject[]> {
    const { snapshots, prune = [] } = options;
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

    const planned = await Promise.all(
      objects.map(async (object, index) => {
        const dryRun = dryRuns[index].result as KubeObject;
        const resourceVersion = dryRun.metadata?.resourceVersion;
        let live = resourceVersion
          ? snapshots?.atVersion(object, resourceVersion)
          : undefined;
        if (!live && resourceVersion) {
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
    const deletions = await Promise.all(
      prune.map((candidate, i) =>
        this.planDeletion(candidate, objects.length + i, snapshots),
      ),
    );
    return [
      ...planned,
      ...deletions.filter((entry): entry is PlannedObject => Boolean(entry)),
    ];
  }

  /**
   * A pruned object: its live copy (the rollback copy: from the watch when it has one, else a
   * GET), kept only while it is still managed by aks-traffic for the same owner, then a dry-run
   * DELETE (permission and admission). The DELETE itself has the copy's resourceVersion as a
   * precondition, so a copy the watch had not caught up with can never delete a newer version:
   * the change fails and is rolled back instead.
   */
  private async planDeletion(
    candidate: PruneCandidate,
    index: number,
    snapshots?: SnapshotSource,
  ): Promise<PlannedObject | undefined> {
    const { ref } = candidate;
    const header = {
      apiVersion: ref.apiVersion,
      kind: ref.kind,
      metadata: { name: ref.name, ...(ref.namespace ? { namespace: ref.namespace } : {}) },
    };
    let live = snapshots?.current(header as KubeObject);
    if (!live) {
      this.trips.snapshot++;
      try {
        live = (await this.api.read(header)) as unknown as KubeObject;
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw new ObjectFailure(index, candidate.ref, kubeFailure(error));
      }
    }
    if (
      live.metadata.labels?.[MANAGED_BY_LABEL] !== MANAGED_BY ||
      ownerAnnotationOf(live) !== candidate.owner
    )
      return undefined;
    this.trips.dryRun++;
    try {
      await this.api.delete(header, undefined, 'All', undefined, undefined, 'Background');
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw new ObjectFailure(index, candidate.ref, kubeFailure(error));
    }
    return {
      object: live,
      ref: candidate.ref,
      dryRun: normalizeObject(live),
      live,
      action: 'delete',
      diff: deletionDiff(live),
    };
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
        if (entry.action === 'delete') await this.deleteLive(entry.live!);
        else
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
        if (entry.action === 'delete') await this.recreateDeleted(entry.live!);
        else if (!entry.live) await this.deleteCreated(entry.object);
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

  /** Deletes a pruned object, only in the version that was checked (precondition on resourceVersion). */
  private async deleteLive(live: KubeObject): Promise<void> {
    try {
      await this.api.delete(
        objectHeader(live),
        undefined,
        undefined,
        undefined,
        undefined,
        'Background',
        {
          preconditions: {
            resourceVersion: live.metadata.resourceVersion,
            uid: live.metadata.uid,
          },
        },
      );
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  /** Creates a pruned object again from its snapshot (server-managed fields left to the server). */
  private async recreateDeleted(previous: KubeObject): Promise<void> {
    this.trips.rollback++;
    const { status: _status, metadata, ...rest } = previous;
    const {
      resourceVersion: _rv,
      uid: _uid,
      creationTimestamp: _created,
      generation: _generation,
      managedFields: _managed,
      deletionTimestamp: _deletion,
      deletionGracePeriodSeconds: _grace,
      ...kept
    } = metadata as Record<string, unknown>;
    try {
      await this.api.create({ ...rest, metadata: kept } as any, undefined, undefined, FIELD_MANAGER);
    } catch (error) {
      if (kubeFailure(error).code !== 409) throw error;
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
