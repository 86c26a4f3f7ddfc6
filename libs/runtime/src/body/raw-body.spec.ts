import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { BodyAborted, BodyRefusal } from './body-problems';
import { readRawBody } from './raw-body';

/** A request body as a stream, as Node hands it over. */
function requestOf(headers: Record<string, string> = {}): PassThrough & IncomingMessage {
  return Object.assign(new PassThrough(), { headers }) as unknown as PassThrough & IncomingMessage;
}

describe('reading a body raw, within its limit and depth', () => {
  it('returns the same bytes as were sent, in any chunks', async () => {
    const req = requestOf();
    const read = readRawBody(req, { limitBytes: 100, maxJsonDepth: 32 });
    req.write('{"a":');
    req.write('[1, "ü"]}');
    req.end();
    expect((await read).toString('utf8')).toBe('{"a":[1, "ü"]}');
  });

  it('refuses a declared length over the limit without reading anything', async () => {
    const req = requestOf({ 'content-length': '209715200' });
    const failure = await readRawBody(req, { limitBytes: 100 }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(BodyRefusal);
    expect((failure as BodyRefusal).status).toBe(413);
    expect(req.listenerCount('data')).toBe(0);
  });

  it('refuses as soon as more bytes than the limit arrive, and stops reading', async () => {
    const req = requestOf({ 'transfer-encoding': 'chunked' });
    const read = readRawBody(req, { limitBytes: 10 }).catch((e: unknown) => e);
    req.write('0123456789');
    req.write('x');
    const failure = await read;
    expect((failure as BodyRefusal).problem).toMatchObject({ status: 413, type: 'https://traininghubs.nhs.uk/problems/body-too-large' });
    expect(req.listenerCount('data')).toBe(0);
  });

  it('refuses JSON one level too deep as soon as that level arrives, before the body ends', async () => {
    const req = requestOf();
    const read = readRawBody(req, { limitBytes: 1_000_000, maxJsonDepth: 32 }).catch((e: unknown) => e);
    req.write('['.repeat(33));
    const failure = await read;
    expect((failure as BodyRefusal).problem).toMatchObject({ status: 400, type: 'https://traininghubs.nhs.uk/problems/body-too-deep' });
  });

  it('does not count depth when the body is not JSON', async () => {
    const req = requestOf();
    const read = readRawBody(req, { limitBytes: 1_000 });
    req.end('{'.repeat(500));
    expect((await read).length).toBe(500);
  });

  it('says the caller went away when the body stops before its end', async () => {
    const req = requestOf();
    const read = readRawBody(req, { limitBytes: 1_000 }).catch((e: unknown) => e);
    req.write('{"a":');
    req.destroy();
    expect(await read).toBeInstanceOf(BodyAborted);
  });
});
