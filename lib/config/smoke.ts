import { z } from 'zod';
import { show } from './show';

/**
 * The image of the PostSync smoke Job: Red Hat's minimal Node.js 20 image (runs as a non-root user, has
 * `node` and its built-in `fetch`, nothing else). Pinned by digest so that a re-tag cannot change what runs.
 * VERIFY before relying on it: this digest was not resolved from the registry; replace it with the one
 * `skopeo inspect docker://registry.access.redhat.com/ubi9/nodejs-20-minimal:latest` prints (`Digest`).
 */
export const DEFAULT_SMOKE_IMAGE =
  'registry.access.redhat.com/ubi9/nodejs-20-minimal@sha256:1ffafbc5d7191c3b0e35d6468c599a377dca71320b9f389df43960a6896c075d';

/** A container image reference pinned by digest: `<registry>/<repository>@sha256:<64 hex digits>`. */
export const imageByDigest = z.string().regex(/^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)+(:[\w.-]+)?@sha256:[a-f0-9]{64}$/, {
  error: (issue) =>
    `${show(issue.input)} is not pinned by digest; use "<registry>/<repository>@sha256:<64 hex digits>" ` +
    '(skopeo inspect docker://<image> prints the digest)',
});

/** The post-sync smoke check (design step 4): token, then every model through the gateway. */
export const smoke = z
  .strictObject({
    /**
     * Run the check as an Argo CD PostSync hook Job after every sync. Off by default: the Job reads the API
     * client's Secret, which has to exist in the identity namespace first.
     */
    postSync: z.boolean().default(false),
    /** Image of the Job: Node.js 20 or later, pinned by digest. */
    image: imageByDigest.default(DEFAULT_SMOKE_IMAGE),
    /** Time allowed for each HTTP request of the check, in seconds. */
    timeoutSeconds: z.number().int().min(1).max(120).default(10),
  })
  .default({ postSync: false, image: DEFAULT_SMOKE_IMAGE, timeoutSeconds: 10 });
