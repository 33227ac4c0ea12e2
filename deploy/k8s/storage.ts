import { createHash } from 'node:crypto';
import { ApiObject, JsonPatch, Size, type Chart } from 'cdk8s';
import { PersistentVolumeAccessMode, PersistentVolumeClaim, Volume, type StatefulSet } from 'cdk8s-plus-27';
import { Quantity } from 'cdk8s-plus-27/lib/imports/k8s';

/**
 * Small helpers the stateful parts share: a claim for the data that must survive a pod
 * restart, an emptyDir for what the read-only root file system leaves nowhere to write,
 * and the checksum that rolls the pods when a mounted generated file changes.
 */

/** A ReadWriteOnce claim of `size` (e.g. "50Gi", from the deploy config) named `name`, as a pod volume. */
export function claimVolume(chart: Chart, name: string, size: string, labels: Record<string, string>): Volume {
  parseSize(size);
  const claim = new PersistentVolumeClaim(chart, `${name}-pvc`, {
    metadata: { name, labels },
    // One replica writes the data: ReadWriteOnce is what every storage class offers.
    accessModes: [PersistentVolumeAccessMode.READ_WRITE_ONCE],
    // cdk8s-plus writes a claim's size in whole Gi and throws while serialising 512Mi: it gets
    // a size it can convert, replaced by the size as configured (a Quantity, as below).
    storage: Size.gibibytes(1),
  });
  ApiObject.of(claim).addJsonPatch(JsonPatch.replace('/spec/resources/requests/storage', Quantity.fromString(size)));
  return Volume.fromPersistentVolumeClaim(chart, `${name}-pvc-volume`, claim, { name: 'data' });
}

/**
 * A claim of its own for every replica of a StatefulSet (volumeClaimTemplates), mounted at
 * `path` in its only container: the claim follows the replica's name (`data-<set>-<i>`) across
 * restarts and rescheduling. cdk8s-plus has no claim templates, so the template and the mount
 * are patched into the synthesised object; a cdk8s-plus Volume would make every replica share
 * one claim. (The patch is applied before the typed serialisation, hence a Quantity.)
 */
export function addClaimPerReplica(set: StatefulSet, claim: { readonly size: string; readonly storageClass?: string; readonly path: string; readonly labels: Record<string, string> }): void {
  const name = 'data';
  parseSize(claim.size);
  ApiObject.of(set).addJsonPatch(
    JsonPatch.add('/spec/volumeClaimTemplates', [
      {
        metadata: { name, labels: claim.labels },
        spec: {
          accessModes: [PersistentVolumeAccessMode.READ_WRITE_ONCE],
          resources: { requests: { storage: Quantity.fromString(claim.size) } },
          ...(claim.storageClass ? { storageClassName: claim.storageClass } : {}),
        },
      },
    ]),
    JsonPatch.add('/spec/template/spec/containers/0/volumeMounts/-', { name, mountPath: claim.path }),
  );
}

/** A scratch directory: the root file system is read-only, so anything an image writes needs one. */
export function scratchVolume(chart: Chart, id: string, name: string): Volume {
  return Volume.fromEmptyDir(chart, id, name);
}

/** sha256 over the files a pod mounts, in a stable order: a change of any of them changes the pod template. */
export function checksumOf(...contents: string[]): string {
  const hash = createHash('sha256');
  for (const content of contents) hash.update(content).update('\0');
  return hash.digest('hex');
}

/** The claim sizes the manifests take: a whole number of Mi, Gi or Ti. */
export const CLAIM_SIZE = /^(\d+)(Mi|Gi|Ti)$/;

/** "50Gi" / "512Mi" -> Size; the deploy config states sizes the way Kubernetes does. */
function parseSize(size: string): Size {
  const match = CLAIM_SIZE.exec(size);
  if (!match) throw new Error(`storage size "${size}" must be <n>Mi, <n>Gi or <n>Ti`);
  const n = Number(match[1]);
  return match[2] === 'Mi' ? Size.mebibytes(n) : match[2] === 'Gi' ? Size.gibibytes(n) : Size.tebibytes(n);
}
