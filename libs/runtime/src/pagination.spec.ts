import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { MAX_PAGE_SIZE, PageQuery, pageOf } from './pagination';

const parse = (query: Record<string, string>) => {
  const page = plainToInstance(PageQuery, query, { exposeDefaultValues: true });
  return { page, errors: validateSync(page).map((e) => e.property) };
};

describe('pagination', () => {
  it('defaults to the first 50 items', () => {
    expect(parse({})).toEqual({ page: expect.objectContaining({ limit: 50, offset: 0 }), errors: [] });
  });

  it('reads numbers from the query string', () => {
    expect(parse({ limit: '20', offset: '40' }).page).toMatchObject({ limit: 20, offset: 40 });
  });

  it(`refuses pages larger than ${MAX_PAGE_SIZE}, empty pages and negative offsets`, () => {
    expect(parse({ limit: String(MAX_PAGE_SIZE + 1) }).errors).toEqual(['limit']);
    expect(parse({ limit: '0' }).errors).toEqual(['limit']);
    expect(parse({ offset: '-1' }).errors).toEqual(['offset']);
    expect(parse({ limit: 'ten' }).errors).toEqual(['limit']);
  });

  it('says whether more items follow', () => {
    expect(pageOf(['a', 'b'], 5, { limit: 2, offset: 2 }).page).toEqual({ limit: 2, offset: 2, total: 5, hasMore: true });
    expect(pageOf(['e'], 5, { limit: 2, offset: 4 }).page.hasMore).toBe(false);
  });
});
