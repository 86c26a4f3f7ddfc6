import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { AuthSettings } from '../verification/auth-settings';
import { TokenVerifier } from '../verification/token-verifier';
import { AuthGuard } from './auth.guard';

/**
 * Authentication for a whole application: the token verifier built from the service's settings
 * (its keys are loaded at start, so a bad setting stops the service) and AuthGuard on every route.
 */
@Module({})
export class AuthModule {
  static forRoot(settings: AuthSettings): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      providers: [
        { provide: TokenVerifier, useFactory: () => TokenVerifier.create(settings) },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [TokenVerifier],
    };
  }
}
