import type { ControllerEffect } from './types';

/**
 * The table of controller effects: for each kind a controller reconciles, what it reads, creates and reports.
 * One section per upstream system; rows are added in the section of their system, each citing its sources.
 */

/** Keycloak: the RHBK operator (k8s.keycloak.org) and the legacy RH-SSO operator (keycloak.org). */
export const KEYCLOAK_EFFECTS: readonly ControllerEffect[] = [];

/** 3scale operator (capabilities.3scale.net) and zync. */
export const THREESCALE_EFFECTS: readonly ControllerEffect[] = [];

/** KServe (opendatahub-io/kserve), odh-model-controller, ModelMesh and Knative as OpenShift AI runs them. */
export const SERVING_EFFECTS: readonly ControllerEffect[] = [];

/** External Secrets, OLM, OpenShift (router, service CA) and Kubernetes built-ins. */
export const PLATFORM_EFFECTS: readonly ControllerEffect[] = [];

/** Every row, keyed by `<group>/<Kind>`. A kind appears once. */
export const CONTROLLER_EFFECTS: ReadonlyMap<string, ControllerEffect> = new Map(
  [...KEYCLOAK_EFFECTS, ...THREESCALE_EFFECTS, ...SERVING_EFFECTS, ...PLATFORM_EFFECTS].map((row) => [row.kind, row]),
);
