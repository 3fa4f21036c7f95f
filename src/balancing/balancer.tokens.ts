/** Orders the deployments of a model. */
export const DEPLOYMENT_BALANCER = Symbol('DeploymentBalancer');
/** Orders the models of a pool (a rule's or route's `models`, the default route). */
export const MODEL_BALANCER = Symbol('ModelBalancer');
