import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.ts';

/** Native JSON API for Parley's own web apps. Routes are added per feature. */
export async function apiGateway(app: FastifyInstance, opts: { services: Services }) {
  void opts;
  app.get('/version', async () => ({ name: 'parley', version: '0.1.0' }));
}
