import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';

export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';

/**
 * A local stand-in for the Bot Framework's OpenID metadata and signing keys (JWKS), as
 * login.botframework.com publishes them, with a test key to sign channel tokens.
 */
export class OpenIdStandIn {
  private server?: Server;
  url = '';
  readonly key = generateKeyPairSync('rsa', { modulusLength: 2048 });
  /** A key the JWKS does not publish, as an attacker's would be. */
  readonly strangerKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
  readonly kid = 'test-signing-key';

  get metadataUrl(): string {
    return `${this.url}/v1/.well-known/openidconfiguration`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/v1/.well-known/openidconfiguration') {
        res.end(JSON.stringify({ issuer: BOT_FRAMEWORK_ISSUER, jwks_uri: `${this.url}/v1/keys`, id_token_signing_alg_values_supported: ['RS256'] }));
      } else if (req.url === '/v1/keys') {
        const jwk = this.key.publicKey.export({ format: 'jwk' });
        res.end(JSON.stringify({ keys: [{ ...jwk, kid: this.kid, use: 'sig', alg: 'RS256', endorsements: ['msteams'] }] }));
      } else {
        res.statusCode = 404;
        res.end('{}');
      }
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** A channel token as the Bot Connector sends it; override any claim or the key to make it wrong. */
  token(claims: Record<string, unknown>, options: { key?: KeyObject; kid?: string; expiresInSeconds?: number } = {}): string {
    const now = Math.floor(Date.now() / 1000);
    return jwt.sign({ iss: BOT_FRAMEWORK_ISSUER, nbf: now - 10, exp: now + (options.expiresInSeconds ?? 3600), ...claims }, options.key ?? this.key.privateKey, {
      algorithm: 'RS256',
      keyid: options.kid ?? this.kid,
    });
  }
}

/** An unsigned token (`alg: none`) naming a published key: header and payload, no signature. */
export function unsignedToken(claims: Record<string, unknown>, kid: string): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'none', typ: 'JWT', kid })}.${encode(claims)}.`;
}
