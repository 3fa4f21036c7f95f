/** What the `x-switchyard-*` headers of a routed answer say, decoded. */
export interface RoutedBy {
  model: string | null;
  provider: string | null;
  /** `reason`, or `reason;<URI-encoded rule or route>`, as sent. */
  route: string | null;
  attempts: number | null;
}

function decoded(value: string | null): string | null {
  return value === null ? null : decodeURIComponent(value);
}

export function routedBy(res: Response): RoutedBy {
  const attempts = res.headers.get('x-switchyard-attempts');
  return {
    model: decoded(res.headers.get('x-switchyard-model')),
    provider: decoded(res.headers.get('x-switchyard-provider')),
    route: res.headers.get('x-switchyard-route'),
    attempts: attempts === null ? null : Number(attempts),
  };
}

/** The route header a rule match must produce: the reason, then the pattern URI-encoded. */
export function ruleRouteHeader(reason: 'rule' | 'request_rule', pattern: string): string {
  return `${reason};${encodeURIComponent(pattern)}`;
}
