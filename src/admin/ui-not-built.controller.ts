import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '#src/core/api-docs.js';
import { Public } from './public.decorator.js';

const PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Switchyard admin</title></head>
<body>
<h1>Switchyard admin</h1>
<p>The admin UI has not been built yet. Build it, then restart the gateway:</p>
<pre>cd admin-ui &amp;&amp; npm install &amp;&amp; npm run build</pre>
<p>(or point <code>ADMIN_UI_DIR</code> at a built copy). The admin API under <code>/admin/api</code> works
meanwhile; its documentation is at <a href="/docs">/docs</a>.</p>
</body>
</html>
`;

/**
 * Served at `/` when there is no built UI, so the admin port says what is missing instead of a bare 404.
 * Unstyled: the admin port's CSP (`style-src 'self'`) refuses inline styles, and there is no stylesheet to serve.
 */
@ApiExcludeController()
@Controller()
export class UiNotBuiltController {
  @Public()
  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  page() {
    return PAGE;
  }
}
