import { correlationIdFrom, currentContext, runWithContext } from './correlation';

describe('correlation ids', () => {
  it("keeps a caller's safe id", () => {
    expect(correlationIdFrom('kpi-return-2025-26-H1.abc')).toBe('kpi-return-2025-26-H1.abc');
  });

  it('replaces a missing or unsafe id with a new uuid', () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    expect(correlationIdFrom(undefined)).toMatch(uuid);
    expect(correlationIdFrom('bad id\n{"inject":1}')).toMatch(uuid);
    expect(correlationIdFrom('x'.repeat(200))).toMatch(uuid);
  });

  it('carries the context across awaits and keeps parallel requests apart', async () => {
    const seen = await Promise.all(
      ['a', 'b'].map((id) =>
        runWithContext({ correlationId: id }, async () => {
          await new Promise((r) => setTimeout(r, id === 'a' ? 10 : 1));
          return currentContext()?.correlationId;
        }),
      ),
    );
    expect(seen).toEqual(['a', 'b']);
    expect(currentContext()).toBeUndefined();
  });
});
