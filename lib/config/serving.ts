import { z } from 'zod';
import { dnsLabel } from './primitives';

/** One model served by OpenShift AI and published through the gateway (design step 2). */
export const model = z.strictObject({
  /** InferenceService name; part of public URLs, treat as stable. */
  name: dnsLabel,
  /** Namespace of the InferenceService (an OpenShift AI data science project). */
  namespace: dnsLabel,
});
