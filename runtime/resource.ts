import type { Attributes } from '@opentelemetry/api';
import { getStringFromEnv } from '@opentelemetry/core';
import { defaultResource, detectResources, envDetector, resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import { ATTR_DEPLOYMENT_ENVIRONMENT_NAME, ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { SCOPE_VERSION } from './scope';

/** The resource every signal of an agent carries: who it is, which version, which environment. */

export const DEFAULT_SERVICE_NAME = 'aqe-agent';
export const DEFAULT_ENVIRONMENT = 'development';

export interface ResourceOptions {
  readonly serviceName?: string;
  readonly serviceVersion?: string;
  readonly environment?: string;
  readonly resourceAttributes?: Attributes;
}

/** Precedence, lowest first: our defaults, OTEL_RESOURCE_ATTRIBUTES / OTEL_SERVICE_NAME, options. */
export function buildResource(options: ResourceOptions): Resource {
  const defaults = resourceFromAttributes({
    [ATTR_SERVICE_NAME]: DEFAULT_SERVICE_NAME,
    [ATTR_SERVICE_VERSION]: SCOPE_VERSION,
    [ATTR_DEPLOYMENT_ENVIRONMENT_NAME]: getStringFromEnv('AQE_ENVIRONMENT') ?? DEFAULT_ENVIRONMENT,
  });
  const explicit: Attributes = { ...options.resourceAttributes };
  if (options.serviceName !== undefined) explicit[ATTR_SERVICE_NAME] = options.serviceName;
  if (options.serviceVersion !== undefined) explicit[ATTR_SERVICE_VERSION] = options.serviceVersion;
  if (options.environment !== undefined) explicit[ATTR_DEPLOYMENT_ENVIRONMENT_NAME] = options.environment;
  return defaultResource()
    .merge(defaults)
    .merge(detectResources({ detectors: [envDetector] }))
    .merge(resourceFromAttributes(explicit));
}
