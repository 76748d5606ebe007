import { useEffect, useRef, useState } from 'react';
import { useDebouncedValue } from './use-debounced-value';

/**
 * A search box kept in the URL: the box shows what is typed at once; the URL (and so the query)
 * follows once typing pauses for `delayMs`. A URL change from elsewhere (back / forward, filters
 * cleared, a link) shows in the box; the URL catching up with the box's own older term never
 * puts that term back while the person types on.
 */
export function useSearchTerm(
  urlTerm: string,
  writeUrlTerm: (term: string) => void,
  delayMs: number,
): [term: string, setTerm: (term: string) => void] {
  const [term, setTerm] = useState(urlTerm);
  const settledTerm = useDebouncedValue(term, delayMs);
  const lastWritten = useRef(urlTerm);
  useEffect(() => {
    if (settledTerm === urlTerm) return;
    lastWritten.current = settledTerm;
    writeUrlTerm(settledTerm);
    // Only a settled term writes the URL.
  }, [settledTerm]);
  useEffect(() => {
    if (urlTerm === lastWritten.current) return;
    lastWritten.current = urlTerm;
    setTerm(urlTerm);
  }, [urlTerm]);
  return [term, setTerm];
}
