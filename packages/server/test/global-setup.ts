// Once per `npm test`: build the browser apps, so browser tests and the bundle-size check see the
// code under test (a stale dist would test yesterday's widget).
import { buildWeb } from '../../../scripts/build-web.mjs';

export default async function setup(): Promise<void> {
  await buildWeb({ quiet: true });
}
