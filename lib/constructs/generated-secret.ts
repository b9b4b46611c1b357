import { Construct } from 'constructs';
import {
  ExternalSecret,
  ExternalSecretSpecDataFromSourceRefGeneratorRefKind,
  ExternalSecretSpecRefreshPolicy,
  ExternalSecretSpecTargetCreationPolicy,
  ExternalSecretSpecTargetDeletionPolicy,
  ExternalSecretSpecTargetTemplateEngineVersion,
  ExternalSecretSpecTargetTemplateMergePolicy,
} from '../../imports/external-secrets-externalsecret-external-secrets.io';
import { Password } from '../../imports/external-secrets-password-generators.external-secrets.io';

/** The key the External Secrets `Password` generator writes its value under. */
export const PASSWORD_GENERATOR_KEY = 'password';

/** Properties for `GeneratedSecret`. */
export interface GeneratedSecretProps {
  /** Name of the Secret (and of its ExternalSecret and Password generator). */
  readonly name: string;
  readonly namespace: string;
  /** Key of the generated random value in the Secret. */
  readonly key: string;
  /**
   * Fixed, non-secret entries written beside it (a user name, a client id), so that a reader finds all the
   * credentials it needs in one Secret.
   *
   * @default none
   */
  readonly literals?: Readonly<Record<string, string>>;
  /**
   * Length of the random value.
   *
   * @default 32
   */
  readonly length?: number;
}

/**
 * A Secret whose value is generated in the cluster and never leaves it: an External Secrets `Password` generator
 * and an ExternalSecret that writes it once. `refreshPolicy: CreatedOnce`, because a generator yields a new value on
 * every refresh and a password that rotates under a running database or client locks everyone out
 * (external-secrets/external-secrets config/crds/bases/external-secrets.io_externalsecrets.yaml@v0.19.2,
 * `spec.refreshPolicy`). Only letters and digits, so the value is safe in URLs, JDBC strings and shell.
 */
export class GeneratedSecret extends Construct {
  /** Name of the Secret the ExternalSecret writes. */
  public readonly secretName: string;
  /** Key of the generated value in that Secret. */
  public readonly key: string;

  constructor(scope: Construct, id: string, props: GeneratedSecretProps) {
    super(scope, id);
    const length = props.length ?? 32;
    this.secretName = props.name;
    this.key = props.key;

    const generator = new Password(this, 'Generator', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: { length, digits: Math.floor(length / 4), symbols: 0, noUpper: false, allowRepeat: true },
    });
    new ExternalSecret(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        refreshPolicy: ExternalSecretSpecRefreshPolicy.CREATED_ONCE,
        target: {
          name: props.name,
          creationPolicy: ExternalSecretSpecTargetCreationPolicy.OWNER,
          // Deleting the ExternalSecret (a prune) must not take the credentials of a running database with it.
          deletionPolicy: ExternalSecretSpecTargetDeletionPolicy.RETAIN,
          template: {
            type: 'Opaque',
            engineVersion: ExternalSecretSpecTargetTemplateEngineVersion.V2,
            mergePolicy: ExternalSecretSpecTargetTemplateMergePolicy.REPLACE,
            data: { ...props.literals, [props.key]: `{{ .${PASSWORD_GENERATOR_KEY} }}` },
          },
        },
        dataFrom: [{ sourceRef: { generatorRef: { apiVersion: generator.apiVersion, kind: ExternalSecretSpecDataFromSourceRefGeneratorRefKind.PASSWORD, name: props.name } } }],
      },
    });
  }
}
