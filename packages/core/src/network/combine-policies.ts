import {
  defaultNetworkLimits,
  type NetworkLimits,
  type NetworkPolicyLayer,
  type ResolvedNetworkPolicy,
} from './network-policy';

/** Builds a policy from layers: effective limits, every layer's secrets, the outermost lookup. */
export function policyFromLayers(layers: ReadonlyArray<NetworkPolicyLayer>): ResolvedNetworkPolicy {
  const limits = { ...defaultNetworkLimits };
  const given: Partial<Record<keyof NetworkLimits, boolean>> = {};
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer.limits) as Array<
      [keyof NetworkLimits, number]
    >) {
      limits[key] = given[key] ? Math.min(limits[key], value) : value;
      given[key] = true;
    }
  }
  return {
    layers,
    limits,
    secrets: layers.flatMap((layer, index) =>
      layer.secrets.map((rule) => ({ ...rule, layer: index })),
    ),
    lookup: layers.find((layer) => layer.lookup)?.lookup,
  };
}

/**
 * Combines the policies given at several levels (interpreter, session, run: outermost first) so
 * that a request must pass every one of them; a narrower level can only take away.
 *
 * - Hosts: a request must match an allow entry of every layer that has an `allow` list (a layer
 *   without one, such as `{ maxRequests: 5 }`, narrows nothing by host) and no deny entry of any
 *   layer; a special address must be allowed by IP in every layer that has an `allow` list.
 * - Limits: the smallest any layer set (an unset limit does not count as its default).
 * - Secrets: every layer's; for the same header on the same hop, the later layer's value is
 *   sent. A layer adds headers to requests; it can never read another layer's.
 * - `lookup`: the outermost layer's that is set (a narrower layer cannot re-point host names).
 *
 * With no layers, nothing is allowed.
 *
 * @example
 * const policy = combinePolicies([
 *   resolveNetworkPolicy(interpreterOptions.network, 'network'),
 *   resolveNetworkPolicy(runOptions.network, 'options.network'),
 * ]);
 */
export function combinePolicies(
  layers: ReadonlyArray<ResolvedNetworkPolicy>,
): ResolvedNetworkPolicy {
  if (layers.length === 0) {
    return policyFromLayers([{ allow: [], deny: [], limits: {}, secrets: [], lookup: undefined }]);
  }
  return policyFromLayers(layers.flatMap((policy) => policy.layers));
}
