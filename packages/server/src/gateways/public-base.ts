import type { FastifyRequest } from 'fastify';
import type { Config } from '../platform/config.ts';

/**
 * The base of links Parley hands out (chat links, QR codes, embed snippets, SdkURLs): PUBLIC_URL when
 * set (behind a proxy the request's host may be an internal one), else the origin the request came to.
 */
export function publicBase(config: Pick<Config, 'publicUrl'>, request: FastifyRequest): string {
  return config.publicUrl?.replace(/\/+$/, '') ?? `${request.protocol}://${request.host}`;
}
