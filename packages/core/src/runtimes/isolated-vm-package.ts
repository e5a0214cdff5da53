/**
 * The isolated-vm package that has a native build for a Node version: isolated-vm 7.x ships
 * builds for Node 24 and 26, 6.x (installed under the alias `isolated-vm-6`) for Node 22. The
 * worker loads the one for the Node it runs on; the application only resolves its folder.
 */
export function isolatedVmPackageName(nodeVersion = process.versions.node): string {
  return Number(nodeVersion.split('.')[0]) >= 24 ? 'isolated-vm' : 'isolated-vm-6';
}
