import type { RouteExplanation, SemanticView } from '../api/chat.types.ts';

/** One line for why a model was chosen: the reason, the rule, route or score behind it, and the cache's part. */
export function routeText(route: RouteExplanation | null | undefined): string {
  if (!route) return '–';
  const parts = [route.reason];
  if (route.rule) parts.push(`rule ${route.rule}`);
  if (route.route) parts.push(`route ${route.route}`);
  if (route.score !== undefined) parts.push(`score ${route.score.toFixed(3)}`);
  if (route.cache) parts.push(`cache ${route.cache}`);
  if (route.detector) parts.push(`secret: ${route.detector}`);
  if (route.affinity) parts.push(`session ${route.affinity}${route.routedModel ? ` over ${route.routedModel}` : ''}`);
  return parts.join(' · ');
}

/** Semantic routing's view: nearest route (or the classifier's first choice), score against its threshold (on content words, for the gate), and the runner-up. */
export function semanticText(route: RouteExplanation | null | undefined): string | undefined {
  const s = route?.semantic;
  if (!s) return undefined;
  const runnerUp = s.runnerUp ? ` · runner-up ${s.runnerUp.route} ${s.runnerUp.score.toFixed(3)}` : '';
  const score = s.measuredOn === 'content' ? 'content-word score' : 'score';
  const chosen =
    s.rankedBy === 'classifier' ? `route classifier's first choice ${s.route}` : `nearest route ${s.route}`;
  return `${chosen} · ${score} ${s.score.toFixed(3)} vs ${s.thresholdSource} threshold ${s.threshold.toFixed(3)} (${verdict(s)})${runnerUp}`;
}

function verdict(s: SemanticView): string {
  if (s.score < s.threshold) return 'below threshold, not taken';
  if (s.similarity < (s.similarityFloor ?? -Infinity)) return 'too little in common, not taken';
  if (s.background?.closer) return `${everydayText(s.route, s.background)}, not taken`;
  return 'taken';
}

/**
 * Which check found the prompt to be an everyday request rather than one for `route`: the similarity
 * to the built-in everyday requests, the route classifier that learnt them as a class, or both.
 */
function everydayText(route: string, b: NonNullable<SemanticView['background']>): string {
  const checks: string[] = [];
  if (b.similarity > b.routeSimilarity + b.margin) {
    checks.push(
      `more like everyday requests (similarity ${b.similarity.toFixed(3)}) than like the examples of ` +
        `${route} (${b.routeSimilarity.toFixed(3)}), by more than ${b.margin}`,
    );
  }
  const c = b.classifier;
  if (c && c.score > c.routeScore + c.margin) {
    checks.push(
      `the route classifier scores it as an everyday request (${c.score.toFixed(3)}) above ${route} ` +
        `(${c.routeScore.toFixed(3)}), by more than ${c.margin}`,
    );
  }
  // The figures are rounded; should neither check read as passed from them, the verdict still stands.
  return checks.length > 0 ? checks.join('; and ') : 'closer to everyday requests';
}
