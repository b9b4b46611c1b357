/**
 * The Kubernetes 1.28 core types (`KubeNamespace`, `KubeNetworkPolicy`, ...), as cdk8s-plus-28 generates them.
 * Imported from the generated module alone rather than from `cdk8s-plus-28`, whose index loads the whole
 * intent-level library too: that would add about 10 ms to every render for classes this project never uses.
 */
export * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
