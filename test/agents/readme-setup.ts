import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The client set-up the README gives, read from the README itself, so that the CLI runs use exactly
 * what users are told to write, with only the gateway's address and the model name swapped in.
 */

/** The address and model the README's examples use. */
const README_URL = 'http://127.0.0.1:3100';
const README_MODEL: Record<'claude' | 'codex', string> = { claude: 'claude-sonnet-4-5', codex: 'gpt-4o' };

/** The first fenced `lang` block under the `### <heading>` section of README.md. */
export function readmeBlock(heading: string, lang: string): string {
  const readme = readFileSync(resolve('README.md'), 'utf8');
  const section = readme.split(/^### /m).find((s) => s.startsWith(`${heading}\n`));
  const block = section?.match(new RegExp('```' + lang + '\\n([\\s\\S]*?)```'));
  if (!block) throw new Error(`README.md has no \`\`\`${lang} block under "### ${heading}"`);
  return block[1];
}

/** The variables the README's Claude Code block exports, pointed at `gatewayUrl` and `model`. */
export function claudeEnvFromReadme(gatewayUrl: string, model: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readmeBlock('Claude Code', 'bash').split('\n')) {
    if (!line.startsWith('export ')) continue;
    const assignments = line.slice('export '.length).replace(/#.*$/, '').trim().split(/\s+/);
    for (const assignment of assignments) {
      const [name, value] = assignment.split('=');
      env[name] = value === README_URL ? gatewayUrl : value === README_MODEL.claude ? model : value;
    }
  }
  if (env.ANTHROPIC_BASE_URL !== gatewayUrl) throw new Error(`README's Claude Code block no longer sets ${README_URL}`);
  return env;
}

/** The README's Codex `config.toml`, pointed at `gatewayUrl` and `model`. */
export function codexConfigFromReadme(gatewayUrl: string, model: string): string {
  const config = readmeBlock('Codex', 'toml')
    .replace(`"${README_URL}/v1"`, `"${gatewayUrl}/v1"`)
    .replace(`model = "${README_MODEL.codex}"`, `model = "${model}"`);
  if (!config.includes(gatewayUrl)) throw new Error(`README's Codex config.toml no longer names ${README_URL}/v1`);
  return config;
}
