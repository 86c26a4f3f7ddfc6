import { hasBody, isJsonMediaType, refusalByHead } from './body-guard';

const LIMIT = 1_000;
const typeOf = (method: string, headers: Record<string, string>) => refusalByHead(method, headers, LIMIT)?.type.replace('https://traininghubs.nhs.uk/problems/', '');

describe('refusing a body by its head, before any of it is read', () => {
  it('knows a body by its length or its chunked encoding; a length of 0 is none', () => {
    expect(hasBody({})).toBe(false);
    expect(hasBody({ 'content-length': '0' })).toBe(false);
    expect(hasBody({ 'content-length': '12' })).toBe(true);
    expect(hasBody({ 'transfer-encoding': 'chunked' })).toBe(true);
  });

  it('refuses a body on GET and HEAD with 400 body-not-allowed, and lets a bodiless GET through', () => {
    expect(typeOf('GET', { 'content-length': '5' })).toBe('body-not-allowed');
    expect(typeOf('HEAD', { 'transfer-encoding': 'chunked' })).toBe('body-not-allowed');
    expect(refusalByHead('GET', { 'content-length': '5' }, LIMIT)?.status).toBe(400);
    expect(typeOf('GET', {})).toBeUndefined();
    expect(typeOf('GET', { 'content-length': '0' })).toBeUndefined();
  });

  it('refuses a declared length over the route limit with 413, whatever the type', () => {
    expect(refusalByHead('POST', { 'content-length': String(LIMIT + 1), 'content-type': 'text/csv' }, LIMIT)).toMatchObject({ status: 413, detail: `Send at most ${LIMIT} bytes to this route.` });
    expect(refusalByHead('POST', { 'content-length': '209715200', 'content-type': 'application/json' }, LIMIT)?.status).toBe(413);
    expect(typeOf('POST', { 'content-length': String(LIMIT), 'content-type': 'application/json' })).toBeUndefined();
  });

  it('refuses a compressed body (its size and depth cannot be checked as sent) and JSON that is not UTF-8, with 415', () => {
    expect(typeOf('POST', { 'content-length': '10', 'content-encoding': 'gzip' })).toBe('unsupported-content-encoding');
    expect(typeOf('POST', { 'content-length': '10', 'content-encoding': 'identity' })).toBeUndefined();
    expect(typeOf('POST', { 'content-length': '10', 'content-type': 'application/json; charset=utf-16le' })).toBe('unsupported-charset');
    expect(typeOf('POST', { 'content-length': '10', 'content-type': 'application/json; charset=UTF-8' })).toBeUndefined();
    expect(typeOf('POST', { 'content-length': '10', 'content-type': 'text/csv; charset=windows-1252' })).toBeUndefined();
  });

  it('recognises JSON media types', () => {
    expect(isJsonMediaType('application/json')).toBe(true);
    expect(isJsonMediaType('Application/JSON; charset=utf-8')).toBe(true);
    expect(isJsonMediaType('application/merge-patch+json')).toBe(true);
    expect(isJsonMediaType('text/csv')).toBe(false);
    expect(isJsonMediaType('application/jsonp')).toBe(false);
    expect(isJsonMediaType(undefined)).toBe(false);
  });
});
