import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

/**
 * deploy/kubernetes, checked without a cluster: every object against its kind's schema
 * (kubernetes-models, the Kubernetes OpenAPI schemas compiled to validators: types, required
 * fields, enums, formats; not unknown fields), and the rules of this deployment that a schema
 * cannot see: resources and non-root everywhere, the token Secret mounted read-only, selectors that
 * select what they should, kustomizations that list every file.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const kubernetesFolder = join(root, 'deploy/kubernetes');

interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  // biome-ignore lint/suspicious/noExplicitAny: manifests are checked field by field below.
  spec?: any;
  [field: string]: unknown;
}
interface ManifestFile {
  path: string;
  objects: KubernetesObject[];
}

function yamlFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return name.endsWith('.yaml') || name.endsWith('.yml') ? [path] : [];
  });
}

function parseFile(path: string): ManifestFile {
  const documents = parseAllDocuments(readFileSync(path, 'utf8'));
  const objects = (Array.isArray(documents) ? documents : [documents]).map((document) => {
    expect(document.errors, relative(root, path)).toEqual([]);
    return document.toJS() as KubernetesObject;
  });
  return { path, objects: objects.filter(Boolean) };
}

const files = yamlFiles(kubernetesFolder).map(parseFile);
const kustomizationFiles = files.filter((file) => basename(file.path) === 'kustomization.yaml');
const kustomizations = kustomizationFiles.map((file) => ({
  folder: dirname(file.path),
  // biome-ignore lint/suspicious/noExplicitAny: kustomize's own format, checked below.
  spec: file.objects[0] as any,
}));
/** Files kustomize merges into other objects: partial objects, not checked against the schema. */
const patchPaths = new Set(
  kustomizations.flatMap(({ folder, spec }) =>
    (spec.patches ?? []).map((patch: { path: string }) => join(folder, patch.path)),
  ),
);
const baseFiles = files.filter(
  (file) => dirname(file.path) === kubernetesFolder && basename(file.path) !== 'kustomization.yaml',
);
const base = baseFiles.flatMap((file) => file.objects);
const fullObjects = files
  .filter((file) => basename(file.path) !== 'kustomization.yaml' && !patchPaths.has(file.path))
  .flatMap((file) => file.objects.map((object) => ({ file: relative(root, file.path), object })));

function named(kind: string, name: string): KubernetesObject {
  const object = base.find(
    (candidate) => candidate.kind === kind && candidate.metadata.name === name,
  );
  if (!object) throw new Error(`no ${kind} ${name} in deploy/kubernetes`);
  return object;
}
const workloads = base.filter((object) => ['Deployment', 'StatefulSet'].includes(object.kind));

/** True when every label of `selector` is on `labels`. */
function selects(selector: Record<string, string>, labels: Record<string, string> = {}): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}
/** The workloads whose pods `selector` selects. */
function selectedWorkloads(selector: Record<string, string>): string[] {
  return workloads
    .filter((workload) => selects(selector, workload.spec.template.metadata.labels))
    .map((workload) => `${workload.kind}/${workload.metadata.name}`);
}

type Models = Record<string, new (data: unknown) => { validate(): void }>;
/** The kubernetes-models module of each apiVersion the manifests use. */
const modelsByApiVersion: Record<string, () => Promise<Models>> = {
  v1: () => import('kubernetes-models/v1') as Promise<unknown> as Promise<Models>,
  'apps/v1': () => import('kubernetes-models/apps/v1') as Promise<unknown> as Promise<Models>,
  'autoscaling/v2': () =>
    import('kubernetes-models/autoscaling/v2') as Promise<unknown> as Promise<Models>,
  'policy/v1': () => import('kubernetes-models/policy/v1') as Promise<unknown> as Promise<Models>,
  'networking.k8s.io/v1': () =>
    import('kubernetes-models/networking.k8s.io/v1') as Promise<unknown> as Promise<Models>,
  'node.k8s.io/v1': () =>
    import('kubernetes-models/node.k8s.io/v1') as Promise<unknown> as Promise<Models>,
};

/** Validates `object` with the kubernetes-models class of its apiVersion and kind. */
async function validate(object: KubernetesObject): Promise<void> {
  const load = modelsByApiVersion[object.apiVersion];
  if (!load) throw new Error(`no schema loaded for apiVersion ${object.apiVersion}`);
  const Model = (await load())[object.kind];
  if (!Model) throw new Error(`kubernetes-models has no ${object.apiVersion} ${object.kind}`);
  new Model(object).validate();
}

describe('deploy/kubernetes against the Kubernetes schemas', () => {
  it('finds the manifests', () => {
    expect(fullObjects.map(({ object }) => object.kind).sort()).toEqual(
      [
        'ConfigMap',
        'Deployment',
        'Deployment',
        'HorizontalPodAutoscaler',
        'Namespace',
        'NetworkPolicy',
        'NetworkPolicy',
        'NetworkPolicy',
        'PodDisruptionBudget',
        'PodDisruptionBudget',
        'PodDisruptionBudget',
        'RuntimeClass',
        'Service',
        'Service',
        'Service',
        'StatefulSet',
      ].sort(),
    );
  });

  it.for(
    fullObjects.map(({ file, object }) => [
      `${file}: ${object.kind}/${object.metadata.name}`,
      object,
    ]),
  )('%s is valid', async ([, object]) => {
    await validate(object as KubernetesObject);
  });

  it('rejects an object that breaks the schema (the validator is not a no-op)', async () => {
    const broken = structuredClone(named('Deployment', 'sandbox-host'));
    broken.spec.replicas = 'two';
    await expect(validate(broken)).rejects.toThrow(/replicas must be integer/);
    const nameless = structuredClone(named('Deployment', 'mcp'));
    delete nameless.spec.template.spec.containers[0].name;
    await expect(validate(nameless)).rejects.toThrow(/required property 'name'|name/);
  });
});

describe('deploy/kubernetes rules', () => {
  it('gives every container resource requests and limits, and runs it as non-root', () => {
    expect(workloads.map((workload) => workload.metadata.name).sort()).toEqual([
      'mcp',
      'nats',
      'sandbox-host',
    ]);
    for (const workload of workloads) {
      const pod = workload.spec.template.spec;
      expect(pod.securityContext.runAsNonRoot, workload.metadata.name).toBe(true);
      expect(pod.securityContext.runAsUser, workload.metadata.name).toBeGreaterThan(0);
      expect(pod.securityContext.seccompProfile.type, workload.metadata.name).toBe(
        'RuntimeDefault',
      );
      expect(pod.automountServiceAccountToken, workload.metadata.name).toBe(false);
      for (const container of pod.containers) {
        const where = `${workload.metadata.name}/${container.name}`;
        for (const kind of ['requests', 'limits'])
          for (const resource of ['cpu', 'memory'])
            expect(
              container.resources?.[kind]?.[resource],
              `${where} ${kind}.${resource}`,
            ).toBeDefined();
        expect(container.securityContext.allowPrivilegeEscalation, where).toBe(false);
        expect(container.securityContext.readOnlyRootFilesystem, where).toBe(true);
        expect(container.securityContext.capabilities.drop, where).toEqual(['ALL']);
      }
    }
  });

  it('gives the code-interpreter containers a writable /tmp on a read-only root', () => {
    for (const name of ['sandbox-host', 'mcp']) {
      const pod = named('Deployment', name).spec.template.spec;
      const mount = pod.containers[0].volumeMounts.find(
        (candidate: { mountPath: string }) => candidate.mountPath === '/tmp',
      );
      expect(mount, name).toBeDefined();
      expect(
        pod.volumes.find((volume: { name: string }) => volume.name === mount.name).emptyDir,
        name,
      ).toBeDefined();
    }
  });

  /**
   * The Secret and key behind the file an MCP flag names: the file must be an item of a Secret
   * volume mounted read-only (not readable by others) at the flag's folder.
   */
  function secretBehindFlag(flag: string): { secretName: string; key: string } {
    const pod = named('Deployment', 'mcp').spec.template.spec;
    const [container] = pod.containers;
    const args: string[] = container.args;
    expect(args, flag).toContain(flag);
    const file = args[args.indexOf(flag) + 1] as string;
    for (const mount of container.volumeMounts) {
      const volume = pod.volumes.find(
        (candidate: { name: string }) => candidate.name === mount.name,
      );
      const item = volume?.secret?.items?.find(
        (candidate: { path: string }) => join(mount.mountPath, candidate.path) === file,
      );
      if (!item) continue;
      expect(mount.readOnly, `${flag} ${file}`).toBe(true);
      expect(volume.secret.defaultMode & 0o007, `${flag} ${file} mode`).toBe(0);
      return { secretName: volume.secret.secretName, key: item.key };
    }
    throw new Error(`${flag} ${file} is not a key of a Secret mounted in the mcp container`);
  }

  it('mounts the MCP token Secret read-only where --tokens-file points, and bakes in no Secret', () => {
    const args: string[] = named('Deployment', 'mcp').spec.template.spec.containers[0].args;
    expect(args.slice(0, 2)).toEqual(['mcp', '--http']);
    expect(args[args.indexOf('--host') + 1]).toBe('0.0.0.0');
    expect(args[args.indexOf('--nats') + 1]).toBe('nats://nats:4222');
    expect(secretBehindFlag('--tokens-file')).toEqual({
      secretName: 'code-interpreter-mcp-tokens',
      key: 'tokens',
    });
    expect(fullObjects.filter(({ object }) => object.kind === 'Secret')).toEqual([]);
  });

  it('runs several MCP replicas that share the session key Secret (--session-key-file), one away at a time', () => {
    const deployment = named('Deployment', 'mcp');
    expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
    // The same Secret for every replica (one pod template), and not the tokens' Secret.
    expect(secretBehindFlag('--session-key-file')).toEqual({
      secretName: 'code-interpreter-mcp-session-key',
      key: 'session-key',
    });
    // --session-key-file needs --http and --nats (else the CLI exits 2).
    const args: string[] = deployment.spec.template.spec.containers[0].args;
    expect(args).toEqual(expect.arrayContaining(['--http', '--nats']));
    // Rollouts and drains leave a replica serving the handles.
    expect(deployment.spec.strategy.rollingUpdate.maxUnavailable).toBe(0);
    const budget = named('PodDisruptionBudget', 'mcp');
    expect(selectedWorkloads(budget.spec.selector.matchLabels)).toEqual(['Deployment/mcp']);
    expect(budget.spec.maxUnavailable).toBeLessThan(deployment.spec.replicas);
    // Nothing committed holds a key: every Secret is the operator's to create.
    const everyObject = files.flatMap((file) => file.objects);
    expect(everyObject.filter((object) => object.kind === 'Secret')).toEqual([]);
    for (const { folder, spec } of kustomizations) {
      expect(spec.secretGenerator, relative(root, folder)).toBeUndefined();
    }
  });

  it('probes the MCP front end and NATS on ports their containers declare', () => {
    for (const workload of [named('Deployment', 'mcp'), named('StatefulSet', 'nats')]) {
      const [container] = workload.spec.template.spec.containers;
      const ports = container.ports.map((port: { name: string }) => port.name);
      for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
        expect(ports, `${workload.metadata.name} ${probe}`).toContain(
          container[probe].httpGet.port,
        );
      }
    }
  });

  it('matches each workload selector to its pod labels', () => {
    for (const workload of workloads) {
      expect(
        selects(workload.spec.selector.matchLabels, workload.spec.template.metadata.labels),
        workload.metadata.name,
      ).toBe(true);
      // Selectors do not overlap: each selects only its own pods.
      expect(selectedWorkloads(workload.spec.selector.matchLabels)).toEqual([
        `${workload.kind}/${workload.metadata.name}`,
      ]);
    }
  });

  it('points the Services, the autoscaler and the disruption budgets at the right pods', () => {
    expect(selectedWorkloads(named('Service', 'mcp').spec.selector)).toEqual(['Deployment/mcp']);
    expect(selectedWorkloads(named('Service', 'nats').spec.selector)).toEqual(['StatefulSet/nats']);
    expect(selectedWorkloads(named('Service', 'nats-headless').spec.selector)).toEqual([
      'StatefulSet/nats',
    ]);
    expect(named('StatefulSet', 'nats').spec.serviceName).toBe('nats-headless');
    const service = named('Service', 'mcp');
    const mcpPorts = named('Deployment', 'mcp').spec.template.spec.containers[0].ports;
    expect(mcpPorts.map((port: { name: string }) => port.name)).toContain(
      service.spec.ports[0].targetPort,
    );

    const autoscaler = named('HorizontalPodAutoscaler', 'sandbox-host');
    expect(autoscaler.spec.scaleTargetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'sandbox-host',
    });
    expect(autoscaler.spec.metrics[0].resource.name).toBe('cpu');
    expect(
      selectedWorkloads(named('PodDisruptionBudget', 'sandbox-host').spec.selector.matchLabels),
    ).toEqual(['Deployment/sandbox-host']);
    expect(
      selectedWorkloads(named('PodDisruptionBudget', 'nats').spec.selector.matchLabels),
    ).toEqual(['StatefulSet/nats']);
    expect(selectedWorkloads(named('NetworkPolicy', 'nats').spec.podSelector.matchLabels)).toEqual([
      'StatefulSet/nats',
    ]);
    expect(
      selectedWorkloads(named('NetworkPolicy', 'sandbox-host').spec.podSelector.matchLabels),
    ).toEqual(['Deployment/sandbox-host']);
    expect(selectedWorkloads(named('NetworkPolicy', 'mcp').spec.podSelector.matchLabels)).toEqual([
      'Deployment/mcp',
    ]);
  });

  it('runs the hosts and the front end on the same NATS service the cluster exposes', () => {
    const natsPort = named('Service', 'nats').spec.ports[0].port;
    for (const name of ['sandbox-host', 'mcp']) {
      const args: string[] = named('Deployment', name).spec.template.spec.containers[0].args;
      expect(args[args.indexOf('--nats') + 1], name).toBe(`nats://nats:${natsPort}`);
    }
    expect(named('Deployment', 'sandbox-host').spec.template.spec.containers[0].args[0]).toBe(
      'host',
    );
  });

  it('lists every file in its kustomization, and every listed file exists', () => {
    expect(
      kustomizations.map(({ folder }) => relative(kubernetesFolder, folder) || '.').sort(),
    ).toEqual(['.', 'overlays/gvisor', 'overlays/native-python']);
    for (const { folder, spec } of kustomizations) {
      expect(spec.kind, folder).toBe('Kustomization');
      const listed = [
        ...(spec.resources ?? []),
        ...(spec.patches ?? []).map((patch: { path: string }) => patch.path),
      ].map((path: string) => join(folder, path));
      for (const path of listed) expect(existsSync(path), relative(root, path)).toBe(true);
      const own = readdirSync(folder)
        .filter((name) => name.endsWith('.yaml') && name !== 'kustomization.yaml')
        .map((name) => join(folder, name));
      expect(
        listed.filter((path) => path.endsWith('.yaml')).sort(),
        relative(root, folder),
      ).toEqual(own.sort());
    }
  });

  it('patches only objects the base has, keeping their names', () => {
    for (const path of patchPaths) {
      for (const patch of parseFile(path).objects) {
        expect(named(patch.kind, patch.metadata.name).apiVersion, relative(root, path)).toBe(
          patch.apiVersion,
        );
      }
    }
  });

  it('uses the image kustomize rewrites, and runs the native-python overlay with --python native', () => {
    const images = kustomizations.find(({ folder }) => folder === kubernetesFolder)?.spec.images;
    for (const name of ['sandbox-host', 'mcp']) {
      const image: string = named('Deployment', name).spec.template.spec.containers[0].image;
      expect(images.map((entry: { name: string }) => entry.name)).toContain(image.split(':')[0]);
    }
    const native = [...patchPaths].find((path) => path.includes('native-python/sandbox-host'));
    const patch = parseFile(native as string).objects[0] as KubernetesObject;
    const args: string[] = patch.spec.template.spec.containers[0].args;
    expect(args.slice(-2)).toEqual(['--python', 'native']);
    // A strategic merge replaces args whole: the patch must keep the base's.
    const baseArgs: string[] = named('Deployment', 'sandbox-host').spec.template.spec.containers[0]
      .args;
    expect(args.slice(0, -2)).toEqual(baseArgs);
  });
});
