import { z } from 'zod';
import { dnsLabel, dnsSubdomain } from './primitives';

/** How OLM installs an operator: the Subscription's fields, as the OLM API spells them. */
export const operatorSubscription = z.strictObject({
  /** Namespace the operator is installed into; created with its OperatorGroup. */
  namespace: dnsLabel,
  /** Package name in the catalog. */
  name: dnsSubdomain,
  /** Update channel, e.g. `stable-v26`. */
  channel: z.string().min(1),
  /** Catalog source. */
  source: dnsSubdomain.default('redhat-operators'),
  /** Namespace of the catalog source. */
  sourceNamespace: dnsLabel.default('openshift-marketplace'),
  /** `Manual` makes a person approve every upgrade; required with a pinned `startingCSV` in prod. */
  installPlanApproval: z.enum(['Automatic', 'Manual']).default('Automatic'),
  /** The exact ClusterServiceVersion to install first, e.g. `rhbk-operator.v26.0.5-opr.1`. */
  startingCSV: z.string().min(1).optional(),
});

/** An operator subscription as loaded, defaults applied. */
export type OperatorSubscription = z.output<typeof operatorSubscription>;
