/**
 * The labels operators put on the pods this project scrapes but does not render itself. Monitors select by a
 * subset of these; a test checks every rendered selector against them.
 */

/**
 * Labels of an InferenceService's predictor pods, as KServe sets them (`constants.InferenceServicePodLabelKey`
 * = `serving.kserve.io/inferenceservice`, `constants.KServiceComponentLabel` = `component`, and for
 * RawDeployment `constants.RawDeploymentAppLabel` = `app: isvc.<name>-predictor`); source: kserve
 * `pkg/constants/constants.go` and the raw deployment reconciler's tests (opendatahub-io/kserve odh-v2.22).
 */
export function kservePredictorPodLabels(inferenceService: string): Readonly<Record<string, string>> {
  return {
    app: `isvc.${inferenceService}-predictor`,
    component: 'predictor',
    'serving.kserve.io/inferenceservice': inferenceService,
  };
}

/**
 * Labels of the APIcast pods of the 3scale operator's APIManager (`apicast-staging`, `apicast-production`):
 * `app` (`spec.appLabel`, default `3scale-api-management`), `threescale_component: apicast` and
 * `threescale_component_element: staging|production`; source: 3scale-operator
 * `pkg/3scale/amp/operator/apicast_options_provider.go` (commonLabels, stagingPodTemplateLabels,
 * productionPodTemplateLabels). Both containers name port 9421 `metrics`.
 */
export function apiManagerApicastPodLabels(element: 'staging' | 'production', appLabel = '3scale-api-management'): Readonly<Record<string, string>> {
  return {
    app: appLabel,
    threescale_component: 'apicast',
    threescale_component_element: element,
  };
}

/** Whether every label of `selector` is on `labels` with the same value (a `matchLabels` selection). */
export function selects(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}
