/**
 * Built-in detectors of secrets that should never leave the operator's machines, in RE2 syntax.
 * Each is specific enough to the secret's published format to stay quiet on ordinary prose and
 * code; the generic ones (`password=…`, bearer tokens) ask for a value long enough to be real
 * (a quoted literal, or a bare value that is not an expression such as an environment lookup or a call).
 * A detector's name is what the route explanation and the request log show, never the match.
 */
export interface SecretDetector {
  name: string;
  pattern: string;
  caseInsensitive?: boolean;
  /**
   * Lower-case literals every match contains: the pattern runs only on a window around each of
   * them, so a long conversation costs a substring search, not a regex pass per detector.
   */
  hints?: readonly string[];
}

export const SECRET_DETECTORS: readonly SecretDetector[] = [
  {
    name: 'private_key',
    hints: ['private key'],
    pattern: String.raw`-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----`,
  },
  {
    name: 'aws_access_key',
    hints: ['akia', 'asia', 'abia', 'acca'],
    pattern: String.raw`\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b`,
  },
  {
    name: 'aws_secret_key',
    hints: ['secret'],
    pattern: String.raw`aws_?secret_?(?:access_?)?key["']?\s*[:=]\s*["']?[A-Za-z0-9/+=]{40}`,
    caseInsensitive: true,
  },
  {
    name: 'github_token',
    hints: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'],
    pattern: String.raw`\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})\b`,
  },
  { name: 'anthropic_key', hints: ['sk-ant-'], pattern: String.raw`\bsk-ant-[A-Za-z0-9_-]{32,}` },
  { name: 'openai_key', hints: ['sk-'], pattern: String.raw`\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{32,}` },
  { name: 'slack_token', hints: ['xox'], pattern: String.raw`\bxox[abposr]-[A-Za-z0-9-]{10,}` },
  {
    name: 'slack_webhook',
    hints: ['hooks.slack.com'],
    pattern: String.raw`hooks\.slack\.com/services/T[A-Z0-9]+/B[A-Z0-9]+/[A-Za-z0-9]{16,}`,
  },
  { name: 'google_api_key', hints: ['aiza'], pattern: String.raw`\bAIza[0-9A-Za-z_-]{35}\b` },
  { name: 'stripe_key', hints: ['k_live_'], pattern: String.raw`\b[sr]k_live_[0-9A-Za-z]{20,}` },
  {
    name: 'jwt',
    hints: ['eyj'],
    pattern: String.raw`\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}`,
  },
  {
    name: 'url_credentials',
    hints: ['://'],
    pattern: String.raw`\b[a-z][a-z0-9+.-]*://[^\s:/@"']+:[^\s:/@"']{6,}@[^\s/]`,
    caseInsensitive: true,
  },
  {
    name: 'bearer_token',
    hints: ['bearer'],
    pattern: String.raw`\bbearer\s+[A-Za-z0-9._~+/-]{24,}=*`,
    caseInsensitive: true,
  },
  {
    name: 'password_assignment',
    hints: ['pass', 'pwd', 'secret', 'key', 'token'],
    pattern: String.raw`(?:password|passwd|pwd|secret|api_?key|access_?token|auth_?token)["']?\s*[:=]\s*(?:"[^"\s]{8,}"|'[^'\s]{8,}'|[^\s"'\x60,;.(){}<>\[\]]{8,}(?:[\s,;]|$))`,
    caseInsensitive: true,
  },
];
