import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import TLSSigAPIv2 from 'tls-sig-api-v2';
import { createRestClient, startTestServer, type RestClient, type TestServer } from '../harness.ts';

let test: TestServer;
let client: RestClient;
beforeAll(async () => {
  test = await startTestServer();
  client = await createRestClient(test);
});
afterAll(() => test?.close());

it('smoke: hello, subscribe, send, receive robot answer', async () => {
  const sig = new TLSSigAPIv2.Api(client.sdkAppId, client.secretKey).genSig('u1', 3600);
  const ws = new WebSocket(test.baseUrl.replace('http', 'ws') + '/chat/v1/ws');
  const frames: any[] = [];
  ws.on('message', (d) => frames.push(JSON.parse(d.toString())));
  await new Promise((r) => ws.on('open', r));
  ws.send(JSON.stringify({ type: 'hello', sdkAppId: client.sdkAppId, userId: 'u1', userSig: sig }));
  ws.send(JSON.stringify({ type: 'subscribe', accountId: '@customer_service_account', after: 0 }));
  ws.send(JSON.stringify({ type: 'send', id: 'a', accountId: '@customer_service_account', msgRandom: 'r1', body: [{ MsgType: 'TIMTextElem', MsgContent: { Text: '你好' } }] }));
  await new Promise((r) => setTimeout(r, 1500));
  console.log(JSON.stringify(frames, null, 1).slice(0, 3000));
  expect(frames.some((f) => f.type === 'ack')).toBe(true);
  ws.close();
});
