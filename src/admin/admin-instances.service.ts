import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '#src/core/clock.js';
import { APP_ENV } from '#src/config/config.tokens.js';
import type { AppEnv } from '#src/config/gateway-config.types.js';
import { INSTANCE_DIRECTORY, type InstanceDirectory } from '#src/state/instance-directory.js';
import { SHARED_STATE, type SharedState } from '#src/state/shared-state.types.js';
import { APP_INFO, type AppInfo } from './app-info.js';

/** `GET /admin/api/instances`: the live gateway instances (just this one without shared state). */
@Injectable()
export class AdminInstancesService {
  constructor(
    @Inject(INSTANCE_DIRECTORY) private readonly directory: InstanceDirectory,
    @Inject(SHARED_STATE) private readonly state: SharedState,
    @Inject(APP_ENV) private readonly env: AppEnv,
    @Inject(APP_INFO) private readonly info: AppInfo,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async list() {
    const now = this.clock.now();
    const instances = await this.directory.list();
    return {
      shared_state: this.state.kind,
      health: this.state.health(),
      self: this.env.instanceId,
      items: instances.map((i) => ({
        id: i.id,
        // The first heartbeat goes out before the proxy listens; this instance knows its address now.
        proxy_url: i.id === this.env.instanceId ? this.info.proxyUrl : i.proxyUrl,
        version: i.version,
        started_at: new Date(i.startedAt).toISOString(),
        uptime_s: Math.max(0, Math.floor((now - i.startedAt) / 1000)),
        last_heartbeat: new Date(i.lastHeartbeat).toISOString(),
        in_flight: i.load.inFlight,
        requests_last_minute: i.load.requestsLastMinute,
      })),
    };
  }
}
