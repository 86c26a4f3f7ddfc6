import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/** `?limit=&offset=` of every list endpoint. Extend it with the list's own filters. */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit: number = DEFAULT_PAGE_SIZE;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset: number = 0;
}

/** One page of a list, with what a client needs to fetch the next. */
export interface Page<T> {
  items: T[];
  page: { limit: number; offset: number; total: number; hasMore: boolean };
}

export function pageOf<T>(items: T[], total: number, query: Pick<PageQuery, 'limit' | 'offset'>): Page<T> {
  return { items, page: { limit: query.limit, offset: query.offset, total, hasMore: query.offset + items.length < total } };
}
