import { describe, expect, it } from 'vitest';
import { redactUrl } from './log-redaction.ts';

describe('redactUrl', () => {
  it('hides UserSigs and one-time tokens in query strings, whatever their case or position', () => {
    expect(redactUrl('/v4/x/y?sdkappid=1&identifier=admin&usersig=eJw*abc&random=2')).toBe('/v4/x/y?sdkappid=1&identifier=admin&usersig=[redacted]&random=2');
    expect(redactUrl('/workbench/sdk.js?token=abc_DEF-123')).toBe('/workbench/sdk.js?token=[redacted]');
    expect(redactUrl('/chat/v1/events?UserSig=secret&accountId=a')).toBe('/chat/v1/events?UserSig=[redacted]&accountId=a');
  });

  it('leaves other URLs alone', () => {
    expect(redactUrl('/api/workbench/sessions?view=mine&q=token')).toBe('/api/workbench/sessions?view=mine&q=token');
    expect(redactUrl('/chat/abc')).toBe('/chat/abc');
  });
});
