// Request logs must not carry credentials: the REST API takes `usersig` in the query (Tencent's wire
// format), and an SdkURL carries a one-time `token`. Both are replaced before a URL is logged.

const SECRET_PARAMS = /([?&](?:usersig|token)=)[^&#]*/gi;

export function redactUrl(url: string): string {
  return url.replace(SECRET_PARAMS, '$1[redacted]');
}

/** Fastify's request serializer, with the URL redacted. */
export function requestLogFields(request: { method: string; url: string; hostname?: string; ip?: string; socket?: { remotePort?: number } }) {
  return { method: request.method, url: redactUrl(request.url), hostname: request.hostname, remoteAddress: request.ip, remotePort: request.socket?.remotePort };
}
