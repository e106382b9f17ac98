// Once per `npm test`: build the browser apps, so browser tests and the bundle-size check see the
// code under test (a stale dist would test yesterday's widget). PARLEY_SKIP_WEB_BUILD=1 skips it
// when running server suites alone while the apps are mid-edit.
import { buildWeb } from '../../../scripts/build-web.mjs';

export default async function setup(): Promise<void> {
  if (process.env.PARLEY_SKIP_WEB_BUILD) return;
  await buildWeb({ quiet: true });
}
