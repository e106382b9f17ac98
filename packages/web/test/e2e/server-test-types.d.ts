// The browser tests import the server's test helpers, which use a library typed by the server's tests.
/// <reference path="../../../server/test/tls-sig-api-v2.d.ts" />
