import { Construct } from 'constructs';
import {
  ExternalSecret,
  ExternalSecretSpecDataRemoteRefConversionStrategy,
  ExternalSecretSpecDataRemoteRefDecodingStrategy,
  ExternalSecretSpecDataRemoteRefMetadataPolicy,
  ExternalSecretSpecSecretStoreRefKind,
  ExternalSecretSpecTargetCreationPolicy,
  ExternalSecretSpecTargetDeletionPolicy,
  ExternalSecretSpecTargetTemplateEngineVersion,
  ExternalSecretSpecTargetTemplateMergePolicy,
} from '../../imports/external-secrets-externalsecret-external-secrets.io';

/** The key of the composed Secret that the 3scale operator reads through `issuerEndpointRef`. */
export const ISSUER_ENDPOINT_KEY = 'issuerEndpoint';

/** Properties for `IssuerEndpointSecret`. */
export interface IssuerEndpointSecretProps {
  /** Name of the ExternalSecret and of the Secret it writes; Products refer to it. */
  readonly name: string;
  /** Namespace of the Products: the operator reads `issuerEndpointRef` from the Product's own namespace. */
  readonly namespace: string;
  /** The realm's issuer URL (`https://<host>[/auth]/realms/<realm>`), from the identity stack. */
  readonly issuerUrl: string;
  /** Client id 3scale (zync) uses to manage clients in the realm; not secret, so written into the template. */
  readonly clientId: string;
  /** Secret of the identity stack that holds that client's secret. */
  readonly sourceSecretName: string;
  /**
   * Key of the client secret in `sourceSecretName`.
   *
   * @default "CLIENT_SECRET" (the key the Keycloak operators write)
   */
  readonly sourceSecretKey?: string;
  /** The External Secrets store that can read `sourceSecretName`. */
  readonly secretStoreRef: { readonly kind: 'ClusterSecretStore' | 'SecretStore'; readonly name: string };
}

/**
 * The OIDC issuer endpoint Secret of the 3scale Products, composed by External Secrets as
 * `https://<client_id>:<client_secret>@<host>[/auth]/realms/<realm>`. The URL embeds a client secret, so it is
 * never rendered: only this template is.
 */
export class IssuerEndpointSecret extends Construct {
  /** Name of the Secret that `issuerEndpointRef` points at. */
  public readonly secretName: string;

  constructor(scope: Construct, id: string, props: IssuerEndpointSecretProps) {
    super(scope, id);
    const sourceSecretKey = props.sourceSecretKey ?? 'CLIENT_SECRET';
    if (!/^https:\/\/[^/@]+\/./.test(props.issuerUrl)) {
      throw new Error(`IssuerEndpointSecret ${props.name}: issuerUrl ${JSON.stringify(props.issuerUrl)} is not an https URL without credentials; pass the realm's issuer URL, e.g. "https://keycloak.example.com/realms/ai-realm"`);
    }
    this.secretName = props.name;
    const hostAndPath = props.issuerUrl.slice('https://'.length);

    new ExternalSecret(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        secretStoreRef: { kind: props.secretStoreRef.kind as ExternalSecretSpecSecretStoreRefKind, name: props.secretStoreRef.name },
        refreshInterval: '1h',
        target: {
          name: this.secretName,
          creationPolicy: ExternalSecretSpecTargetCreationPolicy.OWNER,
          deletionPolicy: ExternalSecretSpecTargetDeletionPolicy.RETAIN,
          template: {
            type: 'Opaque',
            engineVersion: ExternalSecretSpecTargetTemplateEngineVersion.V2,
            mergePolicy: ExternalSecretSpecTargetTemplateMergePolicy.REPLACE,
            data: {
              [ISSUER_ENDPOINT_KEY]: `https://${encodeURIComponent(props.clientId)}:{{ .clientSecret | urlquery }}@${hostAndPath}`,
            },
          },
        },
        data: [
          {
            secretKey: 'clientSecret',
            remoteRef: {
              key: props.sourceSecretName,
              property: sourceSecretKey,
              // The CRD's defaults, rendered so that the live object equals the rendered one.
              conversionStrategy: ExternalSecretSpecDataRemoteRefConversionStrategy.DEFAULT,
              decodingStrategy: ExternalSecretSpecDataRemoteRefDecodingStrategy.NONE,
              metadataPolicy: ExternalSecretSpecDataRemoteRefMetadataPolicy.NONE,
            },
          },
        ],
      },
    });
  }
}
