import type { RouteExplanation } from '../api/chat.types.ts';

/** One line for why a model was chosen: the reason, the rule, route or score behind it, and the cache's part. */
export function routeText(route: RouteExplanation | null | undefined): string {
  if (!route) return '–';
  const parts = [route.reason];
  if (route.rule) parts.push(`rule ${route.rule}`);
  if (route.route) parts.push(`route ${route.route}`);
  if (route.score !== undefined) parts.push(`score ${route.score.toFixed(3)}`);
  if (route.cache) parts.push(`cache ${route.cache}`);
  if (route.detector) parts.push(`secret: ${route.detector}`);
  if (route.affinity) parts.push(`session ${route.affinity}`);
  return parts.join(' · ');
}

/** Semantic routing's view: nearest route, score against its threshold (on content words, for the gate), and the runner-up. */
export function semanticText(route: RouteExplanation | null | undefined): string | undefined {
  const s = route?.semantic;
  if (!s) return undefined;
  const verdict =
    s.score < s.threshold
      ? 'below threshold, not taken'
      : s.similarity < (s.similarityFloor ?? -Infinity)
        ? 'too little in common, not taken'
        : s.background?.closer
          ? 'closer to everyday requests, not taken'
          : 'taken';
  const runnerUp = s.runnerUp ? ` · runner-up ${s.runnerUp.route} ${s.runnerUp.score.toFixed(3)}` : '';
  const score = s.measuredOn === 'content' ? 'content-word score' : 'score';
  return `nearest route ${s.route} · ${score} ${s.score.toFixed(3)} vs ${s.thresholdSource} threshold ${s.threshold.toFixed(3)} (${verdict})${runnerUp}`;
}
