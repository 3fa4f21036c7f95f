import { ESLint } from 'eslint';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The layer rule is plain lint configuration: these run it the way `npx eslint .` does, on small
// files that exist only in memory, placed in the folders whose imports they test.
const root = fileURLToPath(new URL('..', import.meta.url));
const eslint = new ESLint({ cwd: root });

async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import layers', () => {
  it('fails core importing the pipeline', async () => {
    const errors = await layerErrors(
      'src/core/upward.ts',
      "import { ChatPipeline } from '#src/gateway/chat-pipeline.js';\nexport const pipeline = ChatPipeline;\n",
    );
    expect(errors).toEqual([expect.stringContaining('src/core may import only from nothing outside itself')]);
  });

  it('fails routing reaching for providers, and names what it may import', async () => {
    const errors = await layerErrors(
      'src/routing/steps/upward.step.ts',
      "import type { ProviderRegistry } from '#src/providers/provider.registry.js';\nexport type R = ProviderRegistry;\n",
    );
    expect(errors).toEqual([
      expect.stringContaining('src/routing may import only from core, config, state, catalog, balancing'),
    ]);
  });

  it('lets the pipeline use the dialect contract but no dialect itself', async () => {
    const contract =
      "import type { ResponseMeta } from '#src/dialects/dialect.types.js';\nexport type M = ResponseMeta;\n";
    const codec =
      "import { unifiedCodec } from '#src/dialects/unified/unified.codec.js';\nexport const c = unifiedCodec;\n";
    expect(await layerErrors('src/gateway/contract-user.ts', contract)).toEqual([]);
    expect(await layerErrors('src/gateway/codec-user.ts', codec)).toHaveLength(1);
  });

  it('passes a downward import, and the application layer importing anything', async () => {
    const down = "import { GatewayError } from '#src/core/gateway-error.js';\nexport const E = GatewayError;\n";
    const app = "import { AdminModule } from '#src/admin/admin.module.js';\nexport const A = AdminModule;\n";
    expect(await layerErrors('src/gateway/downward.ts', down)).toEqual([]);
    expect(await layerErrors('src/wiring.ts', app)).toEqual([]);
  });

  it('covers every folder of src, so a new one cannot escape the layers', async () => {
    const folders = readdirSync(`${root}src`, { withFileTypes: true }).filter((d) => d.isDirectory());
    const unlayered: string[] = [];
    for (const { name } of folders) {
      const config = (await eslint.calculateConfigForFile(`src/${name}/any.ts`)) as { rules?: Record<string, unknown> };
      if (config.rules?.['no-restricted-imports'] === undefined) unlayered.push(name);
    }
    expect(folders.length).toBeGreaterThan(10);
    expect(unlayered).toEqual([]);
  });
});
