import { runService } from '@traininghubs/runtime';
import { configureGateway } from './gateway.app';
import { GatewayEnvironment } from './gateway.environment';
import { GatewayModule } from './gateway.module';

void runService({
  serviceName: 'gateway',
  environment: GatewayEnvironment,
  aliases: { PORT: 'GATEWAY_PORT' },
  module: (config) => GatewayModule.register(config),
  openApi: false, // the gateway serves the platform's merged document itself
  configure: configureGateway,
});
