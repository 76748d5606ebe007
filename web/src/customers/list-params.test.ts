import { describe, expect, it } from 'vitest';
import {
  apiQuery,
  readListParams,
  sortDirection,
  toggleSort,
  writeListParams,
} from './list-params';

describe('list parameters in the URL', () => {
  it('reads defaults from an empty URL and ignores unknown values', () => {
    expect(readListParams(new URLSearchParams('status=deleted&sort=phone'))).toEqual({
      search: '',
      status: 'active',
      sort: 'companyName',
    });
  });

  it('writes only what differs from the defaults, and reads it back', () => {
    const params = { search: 'Coffee', status: 'all' as const, sort: '-createdAt' as const };
    const url = writeListParams(params);
    expect(url.toString()).toBe('q=Coffee&status=all&sort=-createdAt');
    expect(readListParams(url)).toEqual(params);
    expect(writeListParams({ search: ' ', status: 'active', sort: 'companyName' }).toString()).toBe(
      '',
    );
  });

  it('sends the trimmed term, or none', () => {
    expect(apiQuery({ search: '  Coffee ', status: 'active', sort: 'companyName' })).toEqual({
      status: 'active',
      sort: 'companyName',
      search: 'Coffee',
    });
    expect(apiQuery({ search: '   ', status: 'all', sort: 'createdAt' })).toEqual({
      status: 'all',
      sort: 'createdAt',
    });
  });

  it('toggles a column sort and reports its direction', () => {
    expect(toggleSort('companyName', 'companyName')).toBe('-companyName');
    expect(toggleSort('-companyName', 'companyName')).toBe('companyName');
    expect(toggleSort('companyName', 'activeOrdersCount')).toBe('-activeOrdersCount');
    expect(sortDirection('-activeOrdersCount', 'activeOrdersCount')).toBe('descending');
    expect(sortDirection('companyName', 'activeOrdersCount')).toBe('none');
  });
});
