import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useSearchTerm } from './use-search-term';

/** The hook beside a URL that updates a little later, as the router does. */
function renderWithUrl(initial: string) {
  const url = { term: initial, writes: [] as string[] };
  const view = renderHook(
    ({ urlTerm }: { urlTerm: string }) =>
      useSearchTerm(
        urlTerm,
        (term) => {
          url.writes.push(term);
          url.term = term;
        },
        250,
      ),
    { initialProps: { urlTerm: initial } },
  );
  const syncUrl = () => view.rerender({ urlTerm: url.term });
  return { url, view, syncUrl };
}

describe('the search term kept in the URL', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('writes the URL once typing pauses, not on every key', () => {
    const { url, view } = renderWithUrl('');
    for (const term of ['C', 'Co', 'Cof']) act(() => view.result.current[1](term));
    act(() => {
      vi.advanceTimersByTime(250);
    });
    expect(url.writes).toEqual(['Cof']);
    expect(view.result.current[0]).toBe('Cof');
  });

  it('keeps what is typed while the URL catches up with an older term', () => {
    const { url, view, syncUrl } = renderWithUrl('');
    act(() => view.result.current[1]('Cof'));
    act(() => {
      vi.advanceTimersByTime(250);
    });
    act(() => view.result.current[1]('Coffee'));
    syncUrl(); // the router now shows q=Cof, while the box already says Coffee
    expect(view.result.current[0]).toBe('Coffee');
    act(() => {
      vi.advanceTimersByTime(250);
    });
    expect(url.writes).toEqual(['Cof', 'Coffee']);
  });

  it('shows a term that comes from elsewhere (back, a link, filters cleared)', () => {
    const { url, view } = renderWithUrl('Coffee');
    view.rerender({ urlTerm: 'Sign' });
    expect(view.result.current[0]).toBe('Sign');
    act(() => {
      vi.advanceTimersByTime(250);
    });
    expect(url.writes).toEqual([]);
  });
});
