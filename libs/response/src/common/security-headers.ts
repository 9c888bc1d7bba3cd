import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * Security headers for every response. The content security policy allows only
 * this origin's scripts: the web app and the API docs load no inline script.
 * Inline styles stay allowed because Angular injects component styles. Images
 * load from this origin, `data:` and the hosts of `IMAGE_HOSTS` only, so a
 * remote image in someone's text can never make readers' browsers fetch it.
 */
export function securityHeaders(imageHosts: readonly string[] = []): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', ...imageHosts],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    crossOriginEmbedderPolicy: false,
  });
}
