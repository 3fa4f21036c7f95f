/** DI tokens for the loaded configuration (values made once at start, provided by the runtime). */
export const APP_ENV = Symbol('AppEnv');
export const GATEWAY_CONFIG = Symbol('GatewayConfig');
