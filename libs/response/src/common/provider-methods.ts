import type { DiscoveryService, MetadataScanner } from '@nestjs/core';

export type ProviderMethod = (...args: unknown[]) => unknown;

/**
 * Visits every method of every static provider instance: how extension-point
 * decorators (job handlers, Slack handlers) are found at boot.
 */
export function forEachProviderMethod(
  discovery: DiscoveryService,
  scanner: MetadataScanner,
  visit: (fn: ProviderMethod, instance: object, name: string) => void,
): void {
  for (const wrapper of discovery.getProviders()) {
    const instance = wrapper.instance as Record<string, unknown> | undefined;
    if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
    const prototype = Object.getPrototypeOf(instance) as object;
    for (const method of scanner.getAllMethodNames(prototype)) {
      const fn = instance[method];
      if (typeof fn === 'function')
        visit(fn as ProviderMethod, instance, `${prototype.constructor.name}.${method}`);
    }
  }
}
