import { SchemaDefinitionError } from '../errors/SchemaDefinitionError.js';

/** Basic-auth credentials for the registry. */
export interface RegistryCredentials {
  username: string;
  password: string;
}

/** A registry base URL split into what requests use and what messages may show. */
export interface RegistryEndpoint {
  /** Without credentials or trailing slash: `http://127.0.0.1:8085/apis/ccompat/v7`. */
  baseUrl: string;
  /** The URL for error messages and logs: credentials replaced by `***`. */
  displayUrl: string;
  credentials: RegistryCredentials | undefined;
}

/**
 * Parses a registry URL that may carry credentials (`https://user:secret@registry:8081`). They are moved
 * out of the URL into basic auth, so that no request line, error or log ever shows them; explicit
 * `credentials` win over those in the URL.
 */
export function registryEndpoint(url: string, credentials?: RegistryCredentials): RegistryEndpoint {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    // Never echo the input: it may hold a password.
    throw new SchemaDefinitionError('the schema registry URL is not a valid URL', { cause: error });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new SchemaDefinitionError(`the schema registry URL must be http or https, not ${parsed.protocol}`);
  }
  const fromUrl =
    parsed.username || parsed.password
      ? { username: decodeURIComponent(parsed.username), password: decodeURIComponent(parsed.password) }
      : undefined;
  const hadCredentials = fromUrl !== undefined || credentials !== undefined;
  parsed.username = '';
  parsed.password = '';
  const baseUrl = parsed.toString().replace(/\/+$/, '');
  return {
    baseUrl,
    displayUrl: hadCredentials ? baseUrl.replace(/^(https?:\/\/)/, '$1***@') : baseUrl,
    credentials: credentials ?? fromUrl,
  };
}

/** The `Authorization` header value for basic auth. */
export function basicAuthorization(credentials: RegistryCredentials): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
}
