import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

// npm warns (EBADENGINE) when an installed package does not declare support for the running Node.
// `engines` in package.json may only claim versions that every locked package supports, so that
// `npm install` is quiet on each of them. The agent suite's own CLI package (test/agents/cli) is
// installed by that suite, not by `npm install`, and is left out on purpose.
const root = fileURLToPath(new URL('..', import.meta.url));
const semver = createRequire(import.meta.url)('semver') as {
  subset: (sub: string, dom: string) => boolean;
  satisfies: (version: string, range: string) => boolean;
};

interface Lockfile {
  packages: Record<string, { version?: string; engines?: { node?: string } }>;
}

const claimed = (JSON.parse(readFileSync(`${root}/package.json`, 'utf8')) as { engines: { node: string } }).engines
  .node;

/** Locked packages whose own `engines.node` leaves out a version that ours claims. */
function narrowerThanClaimed(lockfile: string): string[] {
  const lock = JSON.parse(readFileSync(`${root}/${lockfile}`, 'utf8')) as Lockfile;
  return Object.entries(lock.packages)
    .filter(([path, p]) => path !== '' && p.engines?.node && !semver.subset(claimed, p.engines.node))
    .map(([path, p]) => `${path}@${p.version} wants node ${p.engines?.node}`);
}

describe('engines', () => {
  it.each(['package-lock.json', 'admin-ui/package-lock.json'])(
    'claims no Node version that a package in %s does not support',
    (lockfile) => {
      expect(narrowerThanClaimed(lockfile)).toEqual([]);
    },
  );

  it('claims Node 20 from 20.19 on, as the README promises', () => {
    expect(semver.satisfies('20.19.0', claimed)).toBe(true);
    expect(semver.satisfies('20.18.0', claimed)).toBe(false);
  });
});
