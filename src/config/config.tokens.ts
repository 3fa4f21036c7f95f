/** DI tokens for the loaded configuration (values, not classes: both apps share one instance). */
export const APP_ENV = Symbol('AppEnv');
export const GATEWAY_CONFIG = Symbol('GatewayConfig');
