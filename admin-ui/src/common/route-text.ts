import type { RouteExplanation } from '../api/chat.types.ts';

/** One line for why a model was chosen: the reason, the rule, route or score behind it, and the cache's part. */
export function routeText(route: RouteExplanation | null | undefined): string {
  if (!route) return '–';
  const parts = [route.reason];
  if (route.rule) parts.push(`rule ${route.rule}`);
  if (route.route) parts.push(`route ${route.route}`);
  if (route.score !== undefined) parts.push(`score ${route.score.toFixed(3)}`);
  if (route.cache) parts.push(`cache ${route.cache}`);
  return parts.join(' · ');
}
