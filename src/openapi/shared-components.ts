import type { HeaderObject, OpenAPIObject, ReferenceObject, ResponseObject } from '@nestjs/swagger';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/** A header declared under a chosen component name, for a header with several variants. */
export interface NamedHeader {
  key: string;
  name: string;
  header: HeaderObject;
}

/** JSON with sorted keys: two declarations are the same component when this is equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, node: unknown) =>
    node && typeof node === 'object' && !Array.isArray(node)
      ? Object.fromEntries(
          Object.keys(node)
            .sort()
            .map((key) => [key, (node as Record<string, unknown>)[key]]),
        )
      : node,
  );
}

function pascalCase(code: string): string {
  return code
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join('');
}

type Responses = Record<string, ResponseObject | ReferenceObject>;

function everyResponses(paths: OpenAPIObject['paths']): Responses[] {
  return Object.values(paths).flatMap((item) =>
    HTTP_METHODS.flatMap((method) => (item[method] ? [item[method].responses as Responses] : [])),
  );
}

interface Group<T> {
  value: T;
  key: string;
  uses: number;
}

/** Identical values by canonical JSON, most used first (then by their JSON, so the order is stable). */
function groupIdentical<T>(values: T[], identity: (value: T) => string): Group<T>[] {
  const groups = new Map<string, Group<T>>();
  for (const value of values) {
    const key = identity(value);
    const group = groups.get(key);
    if (group) group.uses += 1;
    else groups.set(key, { value, key, uses: 1 });
  }
  return [...groups.values()].sort(
    (a, b) => b.uses - a.uses || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
}

/** A name not yet in `taken`, trying each candidate in turn, then the last with a number. */
function freeName(taken: Set<string>, candidates: string[]): string {
  const found = candidates.find((candidate) => !taken.has(candidate));
  if (found) return found;
  const last = candidates[candidates.length - 1];
  let n = 2;
  while (taken.has(`${last}${n}`)) n += 1;
  return `${last}${n}`;
}

/**
 * Response headers declared identically on two or more responses move to `components.headers`
 * and are referenced. A header's component is named after the header; a second variant of the
 * same header takes its name from `named`, else `<name>.optional` when it is not required, else
 * a number.
 */
function shareHeaders(document: OpenAPIObject, named: NamedHeader[]): void {
  const occurrences = everyResponses(document.paths).flatMap((responses) =>
    Object.values(responses).flatMap((response) =>
      '$ref' in response
        ? []
        : Object.entries(response.headers ?? {}).map(([name, header]) => ({ name, header })),
    ),
  );
  const identity = ({ name, header }: { name: string; header: unknown }) =>
    canonical({ name, header });
  const preferred = new Map(named.map((entry) => [identity(entry), entry.key]));
  const taken = new Set<string>();
  const keys = new Map<string, string>();
  const headers: Record<string, HeaderObject | ReferenceObject> = {};
  for (const group of groupIdentical(occurrences, identity)) {
    if (group.uses < 2) continue;
    const { name, header } = group.value;
    const required = '$ref' in header ? true : header.required === true;
    const key = freeName(taken, [
      ...[preferred.get(group.key)].filter((key): key is string => key !== undefined),
      name,
      ...(required ? [] : [`${name}.optional`]),
    ]);
    taken.add(key);
    keys.set(group.key, key);
    headers[key] = header;
  }
  for (const responses of everyResponses(document.paths)) {
    for (const response of Object.values(responses)) {
      if ('$ref' in response || !response.headers) continue;
      response.headers = Object.fromEntries(
        Object.entries(response.headers).map(([name, header]) => {
          const key = keys.get(identity({ name, header }));
          return [name, key ? { $ref: `#/components/headers/${key}` } : header];
        }),
      );
    }
  }
  if (Object.keys(headers).length > 0) {
    document.components = { ...document.components, headers };
  }
}

/** The problem codes a problem response names as examples, in their declared order. */
function exampleCodes(response: ResponseObject): string[] {
  const media = Object.entries(response.content ?? {}).find(([type]) => type.endsWith('+json'));
  return Object.keys(media?.[1].examples ?? {});
}

/**
 * Problem responses (4xx, 5xx) declared identically by two or more operations move to
 * `components.responses` and are referenced; one declared once stays inline. A component is
 * named after its status and the codes it shows as examples (`Problem404CustomerNotFound`);
 * a 4xx without the rate-limit headers (a route outside the API-key limit) is `...Public`.
 */
function shareProblemResponses(
  document: OpenAPIObject,
  genericCode: (status: number) => string,
): void {
  const occurrences = everyResponses(document.paths).flatMap((responses) =>
    Object.entries(responses)
      .filter(([status, response]) => /^[45]\d\d$/.test(status) && !('$ref' in response))
      .map(([status, response]) => ({ status, response: response as ResponseObject })),
  );
  const identity = (entry: { status: string; response: ResponseObject }) => canonical(entry);
  const taken = new Set<string>();
  const keys = new Map<string, string>();
  const responses: Record<string, ResponseObject> = {};
  for (const group of groupIdentical(occurrences, identity)) {
    if (group.uses < 2) continue;
    const { status, response } = group.value;
    const codes = exampleCodes(response).filter((code) => code !== genericCode(Number(status)));
    const base = `Problem${status}${codes.map(pascalCase).join('')}`;
    const metered = Object.keys(response.headers ?? {}).some((name) =>
      name.toLowerCase().startsWith('x-ratelimit-'),
    );
    // Only API-key routes count requests, and their 2xx and 4xx carry the rate-limit headers.
    const key = freeName(taken, [status.startsWith('4') && !metered ? `${base}Public` : base]);
    taken.add(key);
    keys.set(group.key, key);
    responses[key] = response;
  }
  for (const operationResponses of everyResponses(document.paths)) {
    for (const [status, response] of Object.entries(operationResponses)) {
      if ('$ref' in response) continue;
      const key = keys.get(identity({ status, response }));
      if (key) operationResponses[status] = { $ref: `#/components/responses/${key}` };
    }
  }
  if (Object.keys(responses).length > 0) {
    document.components = { ...document.components, responses };
  }
}

/**
 * Shrinks the document without changing what it says: headers and problem responses repeated
 * across operations are declared once under `components` and referenced (`$ref`). Nothing is
 * merged that differs in any way (description, examples, headers), so no detail is lost.
 */
export function shareComponents(
  document: OpenAPIObject,
  options: { namedHeaders: NamedHeader[]; genericProblemCode: (status: number) => string },
): void {
  shareHeaders(document, options.namedHeaders);
  shareProblemResponses(document, options.genericProblemCode);
}
