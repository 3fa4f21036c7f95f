import { Injectable } from '@nestjs/common';
import { ModelCatalog } from '#src/catalog/model-catalog.js';
import { ModelListView } from '#src/models/model-list.view.js';

/** `GET /admin/api/models`: the same view as the proxy's `GET /models`, in the admin API's envelope. */
@Injectable()
export class AdminModelsService {
  constructor(
    private readonly catalog: ModelCatalog,
    private readonly view: ModelListView,
  ) {}

  models() {
    const { data, default: defaults, demo_mode } = this.view.detailed(this.catalog.all());
    return { data, default: defaults, demo_mode };
  }
}
