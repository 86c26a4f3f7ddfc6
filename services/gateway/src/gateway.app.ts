import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { GatewayEnvironment } from './gateway.environment';
import { bodyParsing, bodyProblems } from './limits/body-limits';
import { mergeDocuments } from './openapi/openapi-merge';
import { ServiceDocuments } from './openapi/service-documents';

/** What the gateway sets up on its application before it listens, beyond every service's runtime. */
export function configureGateway(app: INestApplication, config: GatewayEnvironment): void {
  const limits = { bodyLimitBytes: config.BODY_LIMIT_BYTES, importBodyLimitBytes: config.IMPORT_BODY_LIMIT_BYTES };
  // Registered before Nest's own parsers, which then stand aside (a jsonParser is already in place).
  for (const middleware of bodyParsing(limits)) app.use(middleware);
  app.use(bodyProblems(limits));
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
