import { SchemaDefinitionError } from '../errors/SchemaDefinitionError.js';
import { basicAuthorization, registryEndpoint } from './registryEndpoint.js';

describe('registryEndpoint', () => {
  it('moves credentials out of the URL and never shows them', () => {
    const endpoint = registryEndpoint('https://alice:s%40cret@registry.example:8081/');
    expect(endpoint.baseUrl).toBe('https://registry.example:8081');
    expect(endpoint.displayUrl).toBe('https://***@registry.example:8081');
    expect(endpoint.credentials).toEqual({ username: 'alice', password: 's@cret' });
    expect(JSON.stringify([endpoint.baseUrl, endpoint.displayUrl])).not.toMatch(/alice|cret/);
  });

  it('keeps a path such as Apicurio ccompat and drops a trailing slash', () => {
    const endpoint = registryEndpoint('http://127.0.0.1:8085/apis/ccompat/v7/');
    expect(endpoint).toEqual({
      baseUrl: 'http://127.0.0.1:8085/apis/ccompat/v7',
      displayUrl: 'http://127.0.0.1:8085/apis/ccompat/v7',
      credentials: undefined,
    });
  });

  it('prefers explicit credentials and redacts the URL for them too', () => {
    const endpoint = registryEndpoint('http://u:p@r:8081', { username: 'svc', password: 'pw' });
    expect(endpoint.credentials).toEqual({ username: 'svc', password: 'pw' });
    expect(registryEndpoint('http://r:8081', { username: 'svc', password: 'pw' }).displayUrl).toBe(
      'http://***@r:8081',
    );
  });

  it('rejects what is not an http(s) URL without echoing it', () => {
    expect(() => registryEndpoint('not a url with secret')).toThrow(SchemaDefinitionError);
    expect(() => registryEndpoint('not a url with secret')).not.toThrow(/secret/);
    expect(() => registryEndpoint('ftp://r:21')).toThrow(/http or https/);
  });

  it('builds a basic authorization header', () => {
    expect(basicAuthorization({ username: 'Aladdin', password: 'open sesame' })).toBe(
      'Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==',
    );
  });
});
