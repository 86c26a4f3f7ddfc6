import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { bodyLimitsOf, bufferRequestBodies } from '@traininghubs/runtime';
import type { GatewayEnvironment } from './gateway.environment';
import { mergeDocuments } from './openapi/openapi-merge';
import { ServiceDocuments } from './openapi/service-documents';

/** What the gateway sets up on its application before it listens, beyond every service's runtime. */
export function configureGateway(app: INestApplication, config: GatewayEnvironment): void {
  // After the runtime's body guard, before its parsers (which leave these requests alone): every
  // body is read raw once, within its route's limit and depth, and forwarded as those same bytes.
  app.use(bufferRequestBodies(bodyLimitsOf(config)));
  serveOpenApi(app);
}

/**
 * OpenAPI of every public route: JSON at /api/docs-json, Swagger UI at /api/docs. The gateway's
 * own routes come from its controllers; the forwarded routes from each service's own document,
 * merged on request (see ServiceDocuments and docs/adr/0015).
 */
function serveOpenApi(app: INestApplication): void {
  const gatewayDocument = (): OpenAPIObject =>
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Training Hubs platform API')
        .setDescription(
          'The public API of the Training Hubs platform, through its gateway. Every route needs a bearer token (`npm run token -- <role> [scope]` in development). ' +
            'Errors are application/problem+json. Routes marked x-traininghubs-service are forwarded to that service; the aggregated reads are the gateway’s own.',
        )
        .setVersion('1')
        .addBearerAuth()
        .build(),
    );
  const services = app.get(ServiceDocuments);
  SwaggerModule.setup('api/docs', app, gatewayDocument, {
    jsonDocumentUrl: 'api/docs-json',
    yamlDocumentUrl: 'api/docs-yaml',
    patchDocumentOnRequest: async (_req, _res, document) => mergeDocuments(document, await services.all()),
  });
}
