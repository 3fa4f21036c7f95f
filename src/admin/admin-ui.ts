import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DynamicModule, Type } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import { UiNotBuiltController } from './ui-not-built.controller.js';

export interface AdminUiParts {
  imports: DynamicModule[];
  controllers: Array<Type<unknown>>;
}

/**
 * The built UI when `dir` holds one: its files, and `index.html` for any other path (deep links).
 * Otherwise a page at `/` saying how to build it. Files are listed at start: restart after a rebuild.
 */
export function adminUi(dir: string): AdminUiParts {
  if (!existsSync(join(dir, 'index.html'))) return { imports: [], controllers: [UiNotBuiltController] };
  return {
    imports: [ServeStaticModule.forRoot({ rootPath: dir, serveStaticOptions: { fallthrough: true } })],
    controllers: [],
  };
}
